package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code x.name}, {@code x[key]} and {@code x[a:b:c]} as Jinja2 resolves them: an attribute falls
 * back to an item and an item to an attribute, and a missing one is {@link Undefined} rather than
 * an error; only looking inside an undefined value fails.
 */
final class Access {
  private Access() {}

  static Object attribute(Object target, String name) {
    Object found = ownAttribute(target, name);
    if (found instanceof Undefined && target instanceof Map<?, ?> map && map.containsKey(name)) {
      return map.get(name);
    }
    return found;
  }

  /**
   * Only a real attribute (a method, a namespace's or the loop's), never a dict key: what the
   * {@code attr} filter looks up.
   */
  static Object ownAttribute(Object target, String name) {
    if (target instanceof Undefined u) {
      throw u.misuse();
    }
    Object method = Methods.bind(target, name);
    if (method != null) {
      return method;
    }
    if (target instanceof Namespace ns && ns.attributes.containsKey(name)) {
      return ns.attributes.get(name);
    }
    if (target instanceof HasAttributes object) {
      return object.attribute(name);
    }
    return Undefined.because(
        "'" + Values.typeName(target) + "' object has no attribute '" + name + "'");
  }

  static Object item(Object target, Object key) {
    if (target instanceof Undefined u) {
      throw u.misuse();
    }
    if (key instanceof Undefined u) {
      throw u.misuse();
    }
    if (target instanceof Map<?, ?> map) {
      if (map.containsKey(key)) {
        return map.get(key);
      }
    } else if ((target instanceof List<?> || target instanceof String) && Values.isInteger(key)) {
      List<?> items = sequence(target);
      long index = Values.asLong(key);
      if (index < 0) {
        index += items.size();
      }
      if (index >= 0 && index < items.size()) {
        return items.get((int) index);
      }
      return Undefined.because(Values.typeName(target) + " index out of range");
    }
    if (key instanceof String name) {
      return attribute(target, name);
    }
    return Undefined.because(
        "'" + Values.typeName(target) + "' object has no element " + PyText.repr(key));
  }

  /** Python slicing with negative and omitted bounds and any non-zero step. */
  static Object slice(Object target, Object start, Object stop, Object step) {
    if (target instanceof Undefined u) {
      throw u.misuse();
    }
    if (!(target instanceof List<?> || target instanceof String)) {
      throw new Failure("'" + Values.typeName(target) + "' object is not subscriptable");
    }
    List<?> items = sequence(target);
    int n = items.size();
    long by = step == null ? 1 : bound(step);
    if (by == 0) {
      throw new Failure("slice step cannot be zero");
    }
    long from;
    long to;
    if (by > 0) {
      from = start == null ? 0 : clamp(bound(start), n, 0, n);
      to = stop == null ? n : clamp(bound(stop), n, 0, n);
    } else {
      from = start == null ? n - 1 : clamp(bound(start), n, -1, n - 1);
      to = stop == null ? -1 : clamp(bound(stop), n, -1, n - 1);
    }
    List<Object> out = new ArrayList<>();
    for (long i = from; by > 0 ? i < to : i > to; i += by) {
      out.add(items.get((int) i));
    }
    if (target instanceof String) {
      StringBuilder text = new StringBuilder();
      out.forEach(c -> text.append((String) c));
      return text.toString();
    }
    return target instanceof PyTuple ? PyTuple.of(out) : out;
  }

  private static long bound(Object value) {
    if (value == null) {
      return 0;
    }
    if (!Values.isInteger(value)) {
      throw new Failure("slice indices must be integers or None, not " + Values.typeName(value));
    }
    return Values.asLong(value);
  }

  private static long clamp(long index, int n, long low, long high) {
    if (index < 0) {
      index += n;
    }
    return Math.max(low, Math.min(high, index));
  }

  /** A list as is; a string as its characters (code points, as Python indexes them). */
  static List<?> sequence(Object value) {
    if (value instanceof String s) {
      return Values.iterate(s);
    }
    return (List<?>) value;
  }
}
