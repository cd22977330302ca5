package app.lumen.inference.jinja;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions a chat template can call without being given them: Jinja2's {@code namespace},
 * {@code range}, {@code dict}, {@code cycler} and {@code joiner}, and transformers' {@code
 * raise_exception} and {@code strftime_now}.
 */
final class Globals {
  /** Jinja's sandbox refuses larger ranges; so do we, so a template cannot exhaust memory. */
  private static final long MAX_RANGE = 100_000;

  private Globals() {}

  static void install(Scope scope) {
    scope.set("namespace", (PyCallable) Globals::namespace);
    scope.set("dict", (PyCallable) args -> new LinkedHashMap<Object, Object>(args.keywords()));
    scope.set("range", (PyCallable) Globals::range);
    scope.set("cycler", (PyCallable) args -> new Cycler(args.positional()));
    scope.set("joiner", (PyCallable) Globals::joiner);
    scope.set(
        "strftime_now",
        (PyCallable)
            args ->
                Strftime.format(Methods.text(args.get(0, "format", null)), LocalDateTime.now()));
    scope.set(
        "raise_exception",
        (PyCallable)
            args -> {
              throw Failure.raised(PyText.str(args.get(0, "message", "")));
            });
  }

  /** Jinja2's {@code joiner(sep=', ')}: a function giving '' on its first call, then sep. */
  private static Object joiner(CallArgs args) {
    String separator = PyText.str(args.get(0, "sep", ", "));
    boolean[] used = {false};
    return (PyCallable)
        call -> {
          if (used[0]) {
            return separator;
          }
          used[0] = true;
          return "";
        };
  }

  private static Object namespace(CallArgs args) {
    Namespace ns = new Namespace();
    for (Object initial : args.positional()) {
      if (!(initial instanceof Map<?, ?> map)) {
        throw new Failure("namespace() takes keyword arguments or a mapping");
      }
      map.forEach((k, v) -> ns.attributes.put(PyText.str(k), v));
    }
    ns.attributes.putAll(args.keywords());
    return ns;
  }

  private static Object range(CallArgs args) {
    List<Object> bounds = args.positional();
    for (Object bound : bounds) {
      if (!Values.isInteger(bound)) {
        throw new Failure("range() takes integers, not " + Values.typeName(bound));
      }
    }
    long start = bounds.size() > 1 ? Values.asLong(bounds.get(0)) : 0;
    long stop =
        bounds.size() == 1
            ? Values.asLong(bounds.get(0))
            : bounds.size() > 1 ? Values.asLong(bounds.get(1)) : 0;
    long step = bounds.size() > 2 ? Values.asLong(bounds.get(2)) : 1;
    if (bounds.isEmpty() || bounds.size() > 3) {
      throw new Failure("range() takes 1 to 3 arguments");
    }
    if (step == 0) {
      throw new Failure("range() step must not be zero");
    }
    List<Object> out = new ArrayList<>();
    for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (out.size() >= MAX_RANGE) {
        throw new Failure("range too big: at most " + MAX_RANGE + " items");
      }
      out.add(i);
    }
    return out;
  }
}
