package app.lumen.inference.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jinja2's built-in filters that chat templates use, with its argument names and edge cases ({@code
 * default} only replaces undefined unless asked, {@code first} of nothing is undefined), and
 * transformers' {@code tojson}. Filters over sequences live in {@link SequenceFilters}.
 */
final class Filters {
  interface Filter {
    Object apply(Object value, CallArgs args);
  }

  private static final Map<String, Filter> FILTERS = new HashMap<>();

  static {
    FILTERS.put("tojson", PyJson::dumps);
    FILTERS.put("safe", (v, a) -> PyText.str(v)); // Markup(value): the value's text
    FILTERS.put("string", (v, a) -> PyText.str(v));
    FILTERS.put(
        "trim", (v, a) -> PyStrings.strip(PyText.str(v), a.get(0, "chars", null), true, true));
    FILTERS.put("upper", (v, a) -> PyText.str(v).toUpperCase(Locale.ROOT));
    FILTERS.put("lower", (v, a) -> PyText.str(v).toLowerCase(Locale.ROOT));
    FILTERS.put("capitalize", (v, a) -> PyStrings.capitalize(PyText.str(v)));
    FILTERS.put("title", (v, a) -> titleWords(PyText.str(v)));
    FILTERS.put("length", (v, a) -> Values.length(v));
    FILTERS.put("count", (v, a) -> Values.length(v));
    FILTERS.put("wordcount", (v, a) -> PyStrings.wordCount(PyText.str(v)));
    FILTERS.put("replace", Filters::replace);
    FILTERS.put("default", Filters::fallback);
    FILTERS.put("d", Filters::fallback);
    FILTERS.put("indent", Filters::indent);
    FILTERS.put("escape", (v, a) -> escape(PyText.str(v)));
    FILTERS.put("e", (v, a) -> escape(PyText.str(v)));
    FILTERS.put("int", Filters::toInt);
    FILTERS.put("float", Filters::toFloat);
    FILTERS.put("abs", Filters::abs);
    FILTERS.put("round", Filters::round);
    FILTERS.put("attr", (v, a) -> Access.ownAttribute(v, Methods.text(a.get(0, "name", null))));
    FILTERS.put("items", Filters::items);
    FILTERS.put("format", Filters::format);
    FILTERS.put("truncate", Filters::truncate);
    SequenceFilters.register(FILTERS);
  }

  private Filters() {}

  static boolean exists(String name) {
    return FILTERS.containsKey(name);
  }

  static Object apply(String name, Object value, CallArgs args) {
    Filter filter = FILTERS.get(name);
    if (filter == null) {
      throw new Failure("no filter named '" + name + "'");
    }
    return filter.apply(value, args);
  }

  private static Object replace(Object value, CallArgs args) {
    Object count = args.get(2, "count", null);
    return PyStrings.replace(
        PyText.str(value),
        PyText.str(args.get(0, "old", null)),
        PyText.str(args.get(1, "new", null)),
        count == null ? -1 : (int) Values.asLong(number(count)));
  }

  private static Object fallback(Object value, CallArgs args) {
    boolean whenFalsy = Values.truthy(args.get(1, "boolean", false));
    if (value instanceof Undefined || (whenFalsy && !Values.truthy(value))) {
      return args.get(0, "default_value", "");
    }
    return value;
  }

  private static Object indent(Object value, CallArgs args) {
    Object width = args.get(0, "width", 4L);
    String indention =
        width instanceof String s ? s : PyText.repeat(" ", (int) Values.asLong(number(width)));
    boolean first = Values.truthy(args.get(1, "first", false));
    boolean blank = Values.truthy(args.get(2, "blank", false));
    if (!(value instanceof String text)) { // Jinja2 appends "\n" to the value: only text works
      throw new Failure("indent needs a string, not " + Values.typeName(value));
    }
    List<Object> lines = PyStrings.splitlines(text + "\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = (String) lines.get(i);
      if (i > 0) {
        out.append('\n').append(blank || !line.isEmpty() ? indention : "");
      }
      out.append(line);
    }
    return first ? indention + out : out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;")
        .replace("'", "&#39;");
  }

  private static Object toInt(Object value, CallArgs args) {
    if (value instanceof Undefined u) { // int(Undefined) fails in Jinja2, it is no TypeError
      throw u.misuse();
    }
    Object fallback = args.get(0, "default", 0L);
    if (value instanceof Double d) {
      return (long) d.doubleValue();
    }
    if (Values.isInteger(value)) {
      return Values.asLong(value);
    }
    if (value instanceof String s) {
      int base = (int) Values.asLong(args.get(1, "base", 10L));
      String digits = PyStrings.strip(s, null, true, true).replace("_", "");
      try {
        return Long.parseLong(digits, base);
      } catch (NumberFormatException e) {
        try {
          return (long) Double.parseDouble(digits);
        } catch (NumberFormatException e2) {
          return fallback;
        }
      }
    }
    return fallback;
  }

  private static Object toFloat(Object value, CallArgs args) {
    if (value instanceof Undefined u) {
      throw u.misuse();
    }
    if (Values.isNumber(value)) {
      return Values.asDouble(value);
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(PyStrings.strip(s, null, true, true));
      } catch (NumberFormatException e) {
        return args.get(0, "default", 0.0);
      }
    }
    return args.get(0, "default", 0.0);
  }

  private static Object round(Object value, CallArgs args) {
    int precision = (int) Values.asLong(number(args.get(0, "precision", 0L)));
    String method = PyText.str(args.get(1, "method", "common"));
    double x = Values.asDouble(number(value));
    double scale = Math.pow(10, precision);
    switch (method) {
      case "common": // Python's round(): the exact binary value, ties to even; ints stay ints
        if (Values.isInteger(value)) {
          return new BigDecimal(Values.asLong(value))
              .setScale(precision, RoundingMode.HALF_EVEN)
              .longValue();
        }
        return new BigDecimal(x).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
      case "ceil":
        return Math.ceil(x * scale) / scale;
      case "floor":
        return Math.floor(x * scale) / scale;
      default:
        throw new Failure("round method must be 'common', 'ceil' or 'floor'");
    }
  }

  /**
   * Jinja's {@code title} filter, unlike Python's {@code str.title}: a word starts after
   * whitespace or one of {@code -({[<}, and only its first character is raised.
   */
  private static String titleWords(String s) {
    StringBuilder out = new StringBuilder();
    boolean wordStart = true;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      boolean separator = PyText.isWhitespace(c) || "-({[<".indexOf(c) >= 0;
      if (separator) {
        out.appendCodePoint(c);
      } else {
        out.appendCodePoint(wordStart ? Character.toUpperCase(c) : Character.toLowerCase(c));
      }
      wordStart = separator;
      i += Character.charCount(c);
    }
    return out.toString();
  }

  private static Object abs(Object value, CallArgs args) {
    if (value instanceof Double d) {
      return Math.abs(d);
    }
    return Math.abs(Values.asLong(number(value)));
  }

  private static Object items(Object value, CallArgs args) {
    if (value instanceof Undefined) {
      return new ArrayList<>();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new Failure("can only get item pairs from a mapping, not " + Values.typeName(value));
    }
    return Methods.pairs(map);
  }

  static Object number(Object value) {
    if (!Values.isNumber(value)) {
      throw new Failure("expected a number, got " + Values.typeName(value));
    }
    return value;
  }

  /** {@code "%s, %s"|format(a, b)}: Python's {@code %} with the arguments as a tuple or mapping. */
  private static Object format(Object value, CallArgs args) {
    if (!args.positional().isEmpty() && !args.keywords().isEmpty()) {
      throw new Failure("format() takes positional or keyword arguments, not both");
    }
    Object values = args.keywords().isEmpty() ? PyTuple.of(args.positional()) : args.keywords();
    return PyFormat.percent(PyText.str(value), values);
  }

  /**
   * Jinja2's {@code truncate(length=255, killwords=False, end='...', leeway=5)}: text up to {@code
   * length + leeway} characters is kept whole; longer text is cut to {@code length} with {@code
   * end}, at the last word boundary unless {@code killwords}.
   */
  private static Object truncate(Object value, CallArgs args) {
    String text = PyText.str(value);
    int length = (int) Values.asLong(args.get(0, "length", 255L));
    boolean killWords = Values.truthy(args.get(1, "killwords", false));
    String end = PyText.str(args.get(2, "end", "..."));
    int leeway = (int) Values.asLong(args.get(3, "leeway", 5L));
    if (length < end.length()) {
      throw new Failure("expected length >= " + end.length() + ", got " + length);
    }
    if (leeway < 0) {
      throw new Failure("expected leeway >= 0, got " + leeway);
    }
    int count = text.codePointCount(0, text.length());
    if (count <= length + leeway) {
      return text;
    }
    String kept =
        text.substring(0, text.offsetByCodePoints(0, length - end.codePointCount(0, end.length())));
    if (killWords) {
      return kept + end;
    }
    int space = kept.lastIndexOf(' ');
    return (space < 0 ? kept : kept.substring(0, space)) + end;
  }
}
