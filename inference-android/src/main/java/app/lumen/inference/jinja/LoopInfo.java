package app.lumen.inference.jinja;

import java.util.List;

/**
 * The {@code loop} variable inside a for loop: position, depth, neighbours, {@code cycle}, {@code
 * changed}, and in a recursive loop itself a call running the loop over other items.
 */
final class LoopInfo implements HasAttributes, PyCallable {
  /** What {@code changed()} was last called with; nothing before its first call. */
  private static final Object NEVER = new Object();

  private final List<Object> items;
  private final int depth0;

  /** Runs the loop's body over other items, a level deeper; null unless the loop is recursive. */
  private final PyCallable recurse;

  int index0;
  private Object lastChanged = NEVER;

  LoopInfo(List<Object> items, int depth0, PyCallable recurse) {
    this.items = items;
    this.depth0 = depth0;
    this.recurse = recurse;
  }

  /** {@code loop(children)} in a recursive loop. */
  @Override
  public Object call(CallArgs args) {
    if (recurse == null) {
      throw new Failure("the loop must have the 'recursive' marker to be called recursively");
    }
    return recurse.call(args);
  }

  @Override
  public Object attribute(String name) {
    int length = items.size();
    return switch (name) {
      case "index" -> (long) index0 + 1;
      case "index0" -> (long) index0;
      case "revindex" -> (long) (length - index0);
      case "revindex0" -> (long) (length - index0 - 1);
      case "first" -> index0 == 0;
      case "last" -> index0 == length - 1;
      case "length" -> (long) length;
      case "depth" -> (long) depth0 + 1;
      case "depth0" -> (long) depth0;
      case "previtem" ->
          index0 > 0 ? items.get(index0 - 1) : Undefined.because("there is no previous item");
      case "nextitem" ->
          index0 < length - 1 ? items.get(index0 + 1) : Undefined.because("there is no next item");
      case "cycle" -> (PyCallable) this::cycle;
      case "changed" -> (PyCallable) this::changed;
      default -> Undefined.because("'loop' has no attribute '" + name + "'");
    };
  }

  /** Whether the values differ from those of the last call (true on the first). */
  private Object changed(CallArgs args) {
    PyTuple values = PyTuple.of(args.positional());
    if (lastChanged != NEVER && Values.equal(lastChanged, values)) {
      return false;
    }
    lastChanged = values;
    return true;
  }

  private Object cycle(CallArgs args) {
    if (args.positional().isEmpty()) {
      throw new Failure("loop.cycle() needs at least one value");
    }
    return args.positional().get(index0 % args.positional().size());
  }
}
