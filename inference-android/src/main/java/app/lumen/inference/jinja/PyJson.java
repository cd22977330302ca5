package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code tojson} filter as transformers defines it: Python's {@code json.dumps(x,
 * ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)}, not Jinja's
 * HTML-escaping one. Tool schemas reach the model through it, so spacing must match exactly.
 */
final class PyJson {
  private final String indent;
  private final String itemSeparator;
  private final String keySeparator;
  private final boolean sortKeys;
  private final boolean ensureAscii;

  private PyJson(
      String indent,
      String itemSeparator,
      String keySeparator,
      boolean sortKeys,
      boolean ensureAscii) {
    this.ensureAscii = ensureAscii;
    this.indent = indent;
    this.itemSeparator = itemSeparator;
    this.keySeparator = keySeparator;
    this.sortKeys = sortKeys;
  }

  static String dumps(Object value, CallArgs args) {
    Object indentArg = args.get(1, "indent", null);
    String indent = null;
    if (indentArg instanceof String s) {
      indent = s;
    } else if (indentArg != null) {
      indent = PyText.repeat(" ", (int) Math.max(0, Values.asLong(indentArg)));
    }
    Object separators = args.get(2, "separators", null);
    String item = indent == null ? ", " : ",";
    String key = ": ";
    if (separators instanceof List<?> pair && pair.size() == 2) {
      item = Methods.text(pair.get(0));
      key = Methods.text(pair.get(1));
    }
    boolean sort = Values.truthy(args.get(3, "sort_keys", false));
    StringBuilder out = new StringBuilder();
    boolean ascii = Values.truthy(args.get(0, "ensure_ascii", false));
    new PyJson(indent, item, key, sort, ascii).write(value, 0, out);
    return out.toString();
  }

  private void write(Object value, int depth, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Double d) {
      out.append(
          d.isNaN()
              ? "NaN"
              : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : PyText.floatRepr(d));
    } else if (value instanceof Number n) {
      out.append(n.longValue());
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof List<?> list) {
      container(list, '[', ']', depth, out);
    } else if (value instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      if (sortKeys) {
        entries.sort((a, b) -> Values.compare(key(a.getKey()), key(b.getKey()), "<"));
      }
      container(entries, '{', '}', depth, out);
    } else {
      throw new Failure("Object of type " + Values.typeName(value) + " is not JSON serializable");
    }
  }

  private void container(List<?> items, char open, char close, int depth, StringBuilder out) {
    out.append(open);
    if (items.isEmpty()) {
      out.append(close);
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(itemSeparator);
      }
      newline(depth + 1, out);
      if (items.get(i) instanceof Map.Entry<?, ?> entry) {
        string(key(entry.getKey()), out);
        out.append(keySeparator);
        write(entry.getValue(), depth + 1, out);
      } else {
        write(items.get(i), depth + 1, out);
      }
    }
    newline(depth, out);
    out.append(close);
  }

  private void newline(int depth, StringBuilder out) {
    if (indent != null) {
      out.append('\n').append(PyText.repeat(indent, depth));
    }
  }

  private static String key(Object key) {
    if (key instanceof String s) {
      return s;
    }
    if (key == null) {
      return "null";
    }
    if (key instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (key instanceof Number) {
      return PyText.repr(key);
    }
    throw new Failure("keys must be str, int, float, bool or None, not " + Values.typeName(key));
  }

  private void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || (ensureAscii && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
