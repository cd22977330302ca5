package app.lumen.inference.jinja;

import java.util.List;

/** The {@code loop} variable inside a for loop: position, neighbours and {@code cycle}. */
final class LoopInfo {
  private final List<Object> items;
  int index0;

  LoopInfo(List<Object> items) {
    this.items = items;
  }

  Object attribute(String name) {
    int length = items.size();
    return switch (name) {
      case "index" -> (long) index0 + 1;
      case "index0" -> (long) index0;
      case "revindex" -> (long) (length - index0);
      case "revindex0" -> (long) (length - index0 - 1);
      case "first" -> index0 == 0;
      case "last" -> index0 == length - 1;
      case "length" -> (long) length;
      case "depth" -> 1L;
      case "depth0" -> 0L;
      case "previtem" ->
          index0 > 0 ? items.get(index0 - 1) : Undefined.because("there is no previous item");
      case "nextitem" ->
          index0 < length - 1 ? items.get(index0 + 1) : Undefined.because("there is no next item");
      case "cycle" -> (PyCallable) this::cycle;
      default -> Undefined.because("'loop' has no attribute '" + name + "'");
    };
  }

  private Object cycle(CallArgs args) {
    if (args.positional().isEmpty()) {
      throw new Failure("loop.cycle() needs at least one value");
    }
    return args.positional().get(index0 % args.positional().size());
  }
}
