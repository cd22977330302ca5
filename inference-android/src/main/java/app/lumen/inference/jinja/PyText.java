package app.lumen.inference.jinja;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of template values, because templates print lists,
 * booleans and floats and the model must see exactly what transformers would have written ({@code
 * True}, {@code None}, {@code 1e-05}, {@code ['a', 1]}).
 */
final class PyText {
  private PyText() {}

  static String str(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Undefined) {
      return "";
    }
    return repr(value);
  }

  static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double d) {
      return floatRepr(d);
    }
    if (value instanceof Number n) {
      return Long.toString(n.longValue());
    }
    if (value instanceof String s) {
      return stringRepr(s);
    }
    if (value instanceof PyTuple tuple) {
      StringBuilder out = new StringBuilder("(");
      for (int i = 0; i < tuple.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(repr(tuple.get(i)));
      }
      return out.append(tuple.size() == 1 ? ",)" : ")").toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(repr(list.get(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ", ").append(repr(e.getKey())).append(": ");
        out.append(repr(e.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    return value.toString();
  }

  /** Python's shortest round-trip float text: {@code 1.0}, {@code 0.0001}, {@code 1e-05}. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale(); // of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    if (exponent < 0) {
      return sign + "0." + PyText.repeat("0", -exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + PyText.repeat("0", exponent + 1 - digits.length()) + ".0";
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
  }

  /** {@code text} n times ({@code String.repeat} is missing on older Android). */
  static String repeat(String text, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(text);
    }
    return out.toString();
  }

  /** Python's {@code str.isspace()} for one character, which also counts no-break spaces. */
  static boolean isWhitespace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  private static String stringRepr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    s.codePoints()
        .forEach(
            c -> {
              if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
              } else if (c == '\n') {
                out.append("\\n");
              } else if (c == '\r') {
                out.append("\\r");
              } else if (c == '\t') {
                out.append("\\t");
              } else if (isPrintable(c)) {
                out.appendCodePoint(c);
              } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
              } else if (c < 0x10000) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append(String.format("\\U%08x", c));
              }
            });
    return out.append(quote).toString();
  }

  // Python's str.isprintable(): not a control, format, separator (other than space) or unassigned.
  private static boolean isPrintable(int c) {
    if (c == ' ') {
      return true;
    }
    switch (Character.getType(c)) {
      case Character.CONTROL,
      Character.FORMAT,
      Character.SURROGATE,
      Character.PRIVATE_USE,
      Character.UNASSIGNED,
      Character.LINE_SEPARATOR,
      Character.PARAGRAPH_SEPARATOR,
      Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
