package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's semantics for the values a template sees: truth, equality ({@code 1 == 1.0 == True}),
 * ordering and membership. Values are {@code null} (None), Boolean, Long, Double, String, List,
 * Map, {@link Undefined}, {@link Namespace}, {@link LoopInfo} and {@link PyCallable}.
 */
final class Values {
  private Values() {}

  static String typeName(Object v) {
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Long || v instanceof Integer) {
      return "int";
    }
    if (v instanceof Double) {
      return "float";
    }
    if (v instanceof String) {
      return "str";
    }
    if (v instanceof PyTuple) {
      return "tuple";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof Map) {
      return "dict";
    }
    if (v instanceof Undefined) {
      return "Undefined";
    }
    return v.getClass().getSimpleName();
  }

  static boolean truthy(Object v) {
    if (v == null || v instanceof Undefined) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof Number n) {
      return n.longValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  static boolean isNumber(Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Boolean;
  }

  static long asLong(Object v) {
    return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
  }

  static double asDouble(Object v) {
    return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
  }

  static boolean equal(Object a, Object b) {
    if (a instanceof Undefined || b instanceof Undefined) {
      return a instanceof Undefined && b instanceof Undefined;
    }
    if (isNumber(a) && isNumber(b)) {
      return isInteger(a) && isInteger(b) ? asLong(a) == asLong(b) : asDouble(a) == asDouble(b);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size() || (a instanceof PyTuple) != (b instanceof PyTuple)) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** Python's ordering: numbers with numbers, strings by code point, lists item by item. */
  static int compare(Object a, Object b, String op) {
    if (isNumber(a) && isNumber(b)) {
      return isInteger(a) && isInteger(b)
          ? Long.compare(asLong(a), asLong(b))
          : Double.compare(asDouble(a), asDouble(b));
    }
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return compare(x.get(i), y.get(i), op);
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    if (a instanceof Undefined u) {
      throw u.misuse();
    }
    if (b instanceof Undefined u) {
      throw u.misuse();
    }
    throw new Failure(
        "'" + op + "' not supported between '" + typeName(a) + "' and '" + typeName(b) + "'");
  }

  private static int compareCodePoints(String x, String y) {
    Iterator<Integer> i = x.codePoints().iterator();
    Iterator<Integer> j = y.codePoints().iterator();
    while (i.hasNext() && j.hasNext()) {
      int c = Integer.compare(i.next(), j.next());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(i.hasNext(), j.hasNext());
  }

  static boolean contains(Object container, Object item) {
    if (container instanceof String s) {
      if (!(item instanceof String sub)) {
        throw new Failure("'in <string>' requires a string on the left, not " + typeName(item));
      }
      return s.contains(sub);
    }
    if (container instanceof Map<?, ?> m) {
      if ((item instanceof List && !(item instanceof PyTuple)) || item instanceof Map) {
        throw new Failure("unhashable type: '" + typeName(item) + "'");
      }
      return m.containsKey(item) || containsEqual(m.keySet(), item);
    }
    if (container instanceof List<?> l) {
      return containsEqual(l, item);
    }
    if (container instanceof Undefined) {
      return false;
    }
    throw new Failure("argument of type '" + typeName(container) + "' is not iterable");
  }

  private static boolean containsEqual(Iterable<?> items, Object item) {
    for (Object candidate : items) {
      if (equal(candidate, item)) {
        return true;
      }
    }
    return false;
  }

  /** What {@code for x in value} walks: list items, dict keys, string characters. */
  static List<Object> iterate(Object value) {
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (value instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    if (value instanceof String s) {
      List<Object> chars = new ArrayList<>();
      s.codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
      return chars;
    }
    if (value instanceof Undefined) {
      return new ArrayList<>();
    }
    throw new Failure("'" + typeName(value) + "' object is not iterable");
  }

  static long length(Object value) {
    if (value instanceof String s) {
      return s.codePointCount(0, s.length());
    }
    if (value instanceof List<?> l) {
      return l.size();
    }
    if (value instanceof Map<?, ?> m) {
      return m.size();
    }
    if (value instanceof Undefined) {
      return 0;
    }
    if (value instanceof Namespace n) {
      return n.attributes.size();
    }
    throw new Failure("object of type '" + typeName(value) + "' has no len()");
  }
}
