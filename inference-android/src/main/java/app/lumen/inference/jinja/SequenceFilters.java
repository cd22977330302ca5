package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jinja2's filters over sequences: {@code first}, {@code last}, {@code join}, {@code list}, {@code
 * select/reject(attr)}, {@code map}, {@code sort}, {@code unique}, {@code min/max/sum}, ...
 */
final class SequenceFilters {
  private SequenceFilters() {}

  static void register(Map<String, Filters.Filter> filters) {
    filters.put("list", (v, a) -> Values.iterate(v));
    filters.put("first", (v, a) -> firstOf(Values.iterate(v), "no first item"));
    filters.put("last", (v, a) -> lastOf(Values.iterate(v)));
    filters.put("reverse", SequenceFilters::reverse);
    filters.put("join", SequenceFilters::join);
    filters.put("select", (v, a) -> select(v, a, null, true));
    filters.put("reject", (v, a) -> select(v, a, null, false));
    filters.put("selectattr", (v, a) -> select(v, a.from(1), text(a.get(0, "attr", null)), true));
    filters.put("rejectattr", (v, a) -> select(v, a.from(1), text(a.get(0, "attr", null)), false));
    filters.put("map", SequenceFilters::map);
    filters.put("sort", SequenceFilters::sort);
    filters.put("dictsort", SequenceFilters::dictsort);
    filters.put("unique", SequenceFilters::unique);
    filters.put("min", (v, a) -> extreme(v, a, false));
    filters.put("max", (v, a) -> extreme(v, a, true));
    filters.put("sum", SequenceFilters::sum);
  }

  private static Object firstOf(List<Object> items, String why) {
    return items.isEmpty() ? Undefined.because(why) : items.get(0);
  }

  private static Object lastOf(List<Object> items) {
    return items.isEmpty() ? Undefined.because("no last item") : items.get(items.size() - 1);
  }

  private static Object reverse(Object value, CallArgs args) {
    if (value instanceof String s) {
      return Access.slice(s, null, null, -1L);
    }
    List<Object> items = Values.iterate(value);
    Collections.reverse(items);
    return items;
  }

  private static Object join(Object value, CallArgs args) {
    String separator = PyText.str(args.get(0, "d", ""));
    Object attribute = args.get(1, "attribute", null);
    List<Object> items = Values.iterate(value);
    if (attribute != null) {
      items.replaceAll(item -> path(item, attribute));
    }
    return PyStrings.join(separator, items);
  }

  /** {@code select(test, args...)} or, with an attribute, {@code selectattr(attr, test, ...)}. */
  private static Object select(Object value, CallArgs args, String attribute, boolean keep) {
    List<Object> out = new ArrayList<>();
    String test = args.positional().isEmpty() ? null : text(args.positional().get(0));
    CallArgs testArgs = args.from(1);
    for (Object item : Values.iterate(value)) {
      Object subject = attribute == null ? item : path(item, attribute);
      boolean passes = test == null ? Values.truthy(subject) : Tests.apply(test, subject, testArgs);
      if (passes == keep) {
        out.add(item);
      }
    }
    return out;
  }

  private static Object map(Object value, CallArgs args) {
    List<Object> items = Values.iterate(value);
    if (args.positional().isEmpty() && args.keywords().containsKey("attribute")) {
      Object attribute = args.keywords().get("attribute");
      boolean hasDefault = args.keywords().containsKey("default");
      items.replaceAll(
          item -> {
            Object found = path(item, attribute);
            return hasDefault && found instanceof Undefined
                ? args.keywords().get("default")
                : found;
          });
      return items;
    }
    String filter = text(args.get(0, "filter", null));
    CallArgs filterArgs = args.from(1);
    items.replaceAll(item -> Filters.apply(filter, item, filterArgs));
    return items;
  }

  private static Object sort(Object value, CallArgs args) {
    boolean reverse = Values.truthy(args.get(0, "reverse", false));
    boolean caseSensitive = Values.truthy(args.get(1, "case_sensitive", false));
    Object attribute = args.get(2, "attribute", null);
    List<Object> items = Values.iterate(value);
    Comparator<Object> order = keyOrder(caseSensitive, attribute);
    items.sort(reverse ? order.reversed() : order);
    return items;
  }

  private static Object dictsort(Object value, CallArgs args) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new Failure("dictsort needs a mapping, not " + Values.typeName(value));
    }
    boolean caseSensitive = Values.truthy(args.get(0, "case_sensitive", false));
    int position = "value".equals(args.get(1, "by", "key")) ? 1 : 0;
    boolean reverse = Values.truthy(args.get(2, "reverse", false));
    List<Object> pairs = Methods.pairs(map);
    Comparator<Object> order =
        Comparator.comparing(
            pair -> folded(((List<?>) pair).get(position), caseSensitive),
            (a, b) -> Values.compare(a, b, "<"));
    pairs.sort(reverse ? order.reversed() : order);
    return pairs;
  }

  private static Object unique(Object value, CallArgs args) {
    boolean caseSensitive = Values.truthy(args.get(0, "case_sensitive", false));
    Object attribute = args.get(1, "attribute", null);
    List<Object> seen = new ArrayList<>();
    List<Object> out = new ArrayList<>();
    for (Object item : Values.iterate(value)) {
      Object key = folded(attribute == null ? item : path(item, attribute), caseSensitive);
      if (seen.stream().noneMatch(s -> Values.equal(s, key))) {
        seen.add(key);
        out.add(item);
      }
    }
    return out;
  }

  private static Object extreme(Object value, CallArgs args, boolean max) {
    boolean caseSensitive = Values.truthy(args.get(0, "case_sensitive", false));
    Object attribute = args.get(1, "attribute", null);
    List<Object> items = Values.iterate(value);
    if (items.isEmpty()) {
      return Undefined.because(
          "no " + (max ? "largest" : "smallest") + " item, sequence was empty");
    }
    Comparator<Object> order = keyOrder(caseSensitive, attribute);
    return max ? Collections.max(items, order) : Collections.min(items, order);
  }

  private static Object sum(Object value, CallArgs args) {
    Object attribute = args.get(0, "attribute", null);
    Object total = args.get(1, "start", 0L);
    for (Object item : Values.iterate(value)) {
      total = Arithmetic.apply("+", total, attribute == null ? item : path(item, attribute));
    }
    return total;
  }

  private static Comparator<Object> keyOrder(boolean caseSensitive, Object attribute) {
    return Comparator.comparing(
        item -> folded(attribute == null ? item : path(item, attribute), caseSensitive),
        (a, b) -> Values.compare(a, b, "<"));
  }

  private static Object folded(Object value, boolean caseSensitive) {
    return !caseSensitive && value instanceof String s ? s.toLowerCase(Locale.ROOT) : value;
  }

  /** {@code attribute="a.b"} or an integer index, looked up as Jinja's attribute getter does. */
  private static Object path(Object item, Object attribute) {
    if (Values.isInteger(attribute)) {
      return Access.item(item, attribute);
    }
    Object current = item;
    for (String part : text(attribute).split("\\.")) {
      current =
          part.chars().allMatch(Character::isDigit)
              ? Access.item(current, Long.parseLong(part))
              : Access.item(current, part);
    }
    return current;
  }

  private static String text(Object value) {
    return Methods.text(value);
  }
}
