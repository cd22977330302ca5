package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Python methods templates call on values: string methods ({@code startswith}, {@code split},
 * {@code strip}, ...), {@code dict.get/items/keys/values} and the read-only list methods. Methods
 * that change a value are absent, as in transformers' immutable sandbox.
 */
final class Methods {
  private Methods() {}

  /** The bound method, or null when the value has no method of that name. */
  static PyCallable bind(Object target, String name) {
    if (target instanceof String s) {
      return stringMethod(s, name);
    }
    if (target instanceof Map<?, ?> map) {
      return dictMethod(map, name);
    }
    if (target instanceof List<?> list) {
      return switch (name) {
        case "count" -> args -> (long) count(list, args.get(0, "value", null));
        case "index" -> args -> (long) index(list, args.get(0, "value", null));
        default -> null;
      };
    }
    return null;
  }

  private static PyCallable dictMethod(Map<?, ?> map, String name) {
    return switch (name) {
      case "get" ->
          args -> {
            Object key = args.get(0, "key", null);
            return map.containsKey(key) ? map.get(key) : args.get(1, "default", null);
          };
      case "items" -> args -> pairs(map);
      case "keys" -> args -> new ArrayList<Object>(map.keySet());
      case "values" -> args -> new ArrayList<Object>(map.values());
      default -> null;
    };
  }

  /** A mapping's {@code (key, value)} pairs, in insertion order. */
  static List<Object> pairs(Map<?, ?> map) {
    List<Object> items = new ArrayList<>();
    map.forEach((k, v) -> items.add(new PyTuple(k, v)));
    return items;
  }

  private static PyCallable stringMethod(String s, String name) {
    return switch (name) {
      case "startswith" -> args -> affix(s, args.get(0, "prefix", null), true);
      case "endswith" -> args -> affix(s, args.get(0, "suffix", null), false);
      case "strip" -> args -> PyStrings.strip(s, args.get(0, "chars", null), true, true);
      case "lstrip" -> args -> PyStrings.strip(s, args.get(0, "chars", null), true, false);
      case "rstrip" -> args -> PyStrings.strip(s, args.get(0, "chars", null), false, true);
      case "split" ->
          args ->
              PyStrings.split(s, args.get(0, "sep", null), maxSplit(args.get(1, "maxsplit", -1L)));
      case "rsplit" ->
          args ->
              PyStrings.rsplit(s, args.get(0, "sep", null), maxSplit(args.get(1, "maxsplit", -1L)));
      case "splitlines" -> args -> PyStrings.splitlines(s);
      case "upper" -> args -> s.toUpperCase(Locale.ROOT);
      case "lower" -> args -> s.toLowerCase(Locale.ROOT);
      case "title" -> args -> PyStrings.title(s);
      case "capitalize" -> args -> PyStrings.capitalize(s);
      case "replace" ->
          args ->
              PyStrings.replace(
                  s,
                  text(args.get(0, "old", null)),
                  text(args.get(1, "new", null)),
                  maxSplit(args.get(2, "count", -1L)));
      case "find" -> args -> (long) PyStrings.indexOf(s, text(args.get(0, "sub", null)), false);
      case "rfind" -> args -> (long) PyStrings.indexOf(s, text(args.get(0, "sub", null)), true);
      case "count" -> args -> (long) PyStrings.count(s, text(args.get(0, "sub", null)));
      case "join" -> args -> PyStrings.join(s, Values.iterate(args.get(0, "iterable", null)));
      case "isdigit" -> args -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
      case "isspace" -> args -> !s.isEmpty() && s.codePoints().allMatch(PyText::isWhitespace);
      case "isalpha" -> args -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
      case "isalnum" -> args -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
      case "islower" -> args -> Tests.apply("lower", s, CallArgs.NONE);
      case "isupper" -> args -> Tests.apply("upper", s, CallArgs.NONE);
      default -> null;
    };
  }

  private static boolean affix(String s, Object affix, boolean prefix) {
    if (affix instanceof List<?> options) { // Python accepts a tuple of candidates
      for (Object option : options) {
        if (affix(s, option, prefix)) {
          return true;
        }
      }
      return false;
    }
    String text = text(affix);
    return prefix ? s.startsWith(text) : s.endsWith(text);
  }

  static String text(Object value) {
    if (!(value instanceof String s)) {
      throw new Failure("expected a string argument, got " + Values.typeName(value));
    }
    return s;
  }

  private static int maxSplit(Object value) {
    if (!Values.isInteger(value)) {
      throw new Failure("expected an integer argument, got " + Values.typeName(value));
    }
    return (int) Values.asLong(value);
  }

  private static int count(List<?> list, Object value) {
    int n = 0;
    for (Object item : list) {
      if (Values.equal(item, value)) {
        n++;
      }
    }
    return n;
  }

  private static int index(List<?> list, Object value) {
    for (int i = 0; i < list.size(); i++) {
      if (Values.equal(list.get(i), value)) {
        return i;
      }
    }
    throw new Failure(PyText.repr(value) + " is not in list");
  }
}
