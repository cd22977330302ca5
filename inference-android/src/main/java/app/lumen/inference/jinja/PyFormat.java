package app.lumen.inference.jinja;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's printf-style formatting, {@code 'text %s' % value} and Jinja's {@code format} filter:
 * conversions {@code s r a d i u f F e E g G x X o c %}, flags {@code - + space 0 #}, width and
 * precision, and {@code %(name)s} with a mapping. A tuple gives one value per conversion; anything
 * else is the only value.
 *
 * <p>Stateless.
 */
final class PyFormat {
  private PyFormat() {}

  static String percent(String format, Object values) {
    Map<?, ?> mapping = values instanceof Map<?, ?> m ? m : null;
    List<?> items = values instanceof PyTuple tuple ? tuple : List.of(values);
    StringBuilder out = new StringBuilder();
    int next = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      Spec spec = new Spec();
      Object value = null;
      boolean named = false;
      if (i < format.length() && format.charAt(i) == '(') {
        int close = format.indexOf(')', i);
        if (close < 0) {
          throw new Failure("incomplete format key");
        }
        if (mapping == null) {
          throw new Failure("format requires a mapping");
        }
        String key = format.substring(i + 1, close);
        if (!mapping.containsKey(key)) {
          throw new Failure("format key '" + key + "' is missing");
        }
        value = mapping.get(key);
        named = true;
        i = close + 1;
      }
      while (i < format.length() && "-+ 0#".indexOf(format.charAt(i)) >= 0) {
        spec.flag(format.charAt(i++));
      }
      int widthStart = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      spec.width = i > widthStart ? Integer.parseInt(format.substring(widthStart, i)) : 0;
      if (i < format.length() && format.charAt(i) == '.') {
        int precisionStart = ++i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        spec.precision =
            i > precisionStart ? Integer.parseInt(format.substring(precisionStart, i)) : 0;
      }
      if (i >= format.length()) {
        throw new Failure("incomplete format");
      }
      char conversion = format.charAt(i++);
      if (conversion == '%') {
        out.append('%');
        continue;
      }
      if (!named) {
        if (mapping != null) {
          value = values; // '%s' % {'a': 1} formats the mapping itself, as Python does
        } else if (next < items.size()) {
          value = items.get(next++);
        } else {
          throw new Failure("not enough arguments for format string");
        }
      }
      out.append(spec.pad(convert(conversion, value, spec)));
    }
    if (mapping == null && next < items.size()) {
      throw new Failure("not all arguments converted during string formatting");
    }
    return out.toString();
  }

  private static String convert(char conversion, Object value, Spec spec) {
    return switch (conversion) {
      case 's' -> truncated(PyText.str(value), spec);
      case 'r', 'a' -> truncated(PyText.repr(value), spec);
      case 'd', 'i', 'u' -> spec.signed(integerOf(value, conversion).toString());
      case 'x', 'X', 'o' -> radix(conversion, integerOf(value, conversion), spec);
      case 'f', 'F', 'e', 'E', 'g', 'G' -> floating(conversion, value, spec);
      case 'c' -> character(value);
      default ->
          throw new Failure(
              "unsupported format character '" + conversion + "' (0x" + (int) conversion + ")");
    };
  }

  private static String truncated(String text, Spec spec) {
    return spec.precision >= 0 && spec.precision < text.length()
        ? text.substring(0, spec.precision)
        : text;
  }

  private static BigDecimal integerOf(Object value, char conversion) {
    if (value instanceof Boolean b) {
      return BigDecimal.valueOf(b ? 1 : 0);
    }
    if (Values.isInteger(value)) {
      return BigDecimal.valueOf(Values.asLong(value));
    }
    if (value instanceof Double d
        && (conversion == 'd' || conversion == 'i' || conversion == 'u')) {
      if (d.isNaN() || d.isInfinite()) {
        throw new Failure("cannot convert float " + PyText.repr(d) + " to integer");
      }
      return new BigDecimal(d).setScale(0, RoundingMode.DOWN);
    }
    throw new Failure(
        "%" + conversion + " format: a real number is required, not " + Values.typeName(value));
  }

  private static String radix(char conversion, BigDecimal value, Spec spec) {
    long n = value.longValueExact();
    int base = conversion == 'o' ? 8 : 16;
    String digits = Long.toString(Math.abs(n), base);
    if (conversion == 'X') {
      digits = digits.toUpperCase(Locale.ROOT);
    }
    String prefix =
        spec.alternate ? (conversion == 'o' ? "0o" : conversion == 'x' ? "0x" : "0X") : "";
    return spec.signed((n < 0 ? "-" : "") + prefix + digits);
  }

  private static String floating(char conversion, Object value, Spec spec) {
    if (!Values.isNumber(value)) {
      throw new Failure(
          "%" + conversion + " format: a real number is required, not " + Values.typeName(value));
    }
    double d = Values.asDouble(value);
    boolean upper = Character.isUpperCase(conversion);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      String word = Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
      return spec.signed(upper ? word.toUpperCase(Locale.ROOT) : word);
    }
    int precision = spec.precision < 0 ? 6 : spec.precision;
    String text =
        switch (Character.toLowerCase(conversion)) {
          case 'f' -> fixed(d, precision);
          case 'e' -> scientific(d, precision, upper);
          default -> general(d, precision, upper, spec.alternate);
        };
    return spec.signed(text);
  }

  private static String fixed(double d, int precision) {
    String text = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    return d == 0 && 1 / d < 0 ? "-" + text : text; // Python keeps the sign of -0.0
  }

  /**
   * {@code 1.500000e+00}: the exact binary value rounded half to even, as Python does (Java's own
   * {@code %e} rounds its shortest decimal instead), with at least two exponent digits.
   */
  private static String scientific(double d, int precision, boolean upper) {
    String digits;
    int exponent;
    if (d == 0) {
      digits = PyText.repeat("0", precision + 1);
      exponent = 0;
    } else {
      BigDecimal rounded =
          new BigDecimal(d).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
      digits = rounded.unscaledValue().abs().toString();
      exponent = digits.length() - 1 - rounded.scale();
      if (digits.length() < precision + 1) {
        digits += PyText.repeat("0", precision + 1 - digits.length());
      }
    }
    String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
    String mantissa =
        digits.charAt(0) + (precision > 0 ? "." + digits.substring(1, precision + 1) : "");
    String exp =
        (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    return sign + mantissa + (upper ? "E" : "e") + exp;
  }

  /** Python's {@code %g}: the shorter of fixed and scientific at {@code precision} digits. */
  private static String general(double d, int precision, boolean upper, boolean keepZeros) {
    int digits = precision == 0 ? 1 : precision;
    if (d == 0) {
      return keepZeros ? fixed(d, digits - 1) : (1 / d < 0 ? "-0" : "0");
    }
    String sci = scientific(d, digits - 1, upper);
    int exponent = Integer.parseInt(sci.substring(sci.indexOf(upper ? 'E' : 'e') + 1));
    String text = exponent >= -4 && exponent < digits ? fixed(d, digits - 1 - exponent) : sci;
    if (keepZeros) {
      return text;
    }
    int e = text.indexOf(upper ? 'E' : 'e');
    String mantissa = e < 0 ? text : text.substring(0, e);
    String rest = e < 0 ? "" : text.substring(e);
    if (mantissa.indexOf('.') >= 0) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + rest;
  }

  private static String character(Object value) {
    if (value instanceof String s && s.codePointCount(0, s.length()) == 1) {
      return s;
    }
    if (Values.isInteger(value)) {
      return new String(Character.toChars((int) Values.asLong(value)));
    }
    throw new Failure("%c requires an int or a single character");
  }

  /** Flags, width and precision of one conversion. */
  private static final class Spec {
    boolean left;
    boolean plus;
    boolean space;
    boolean zero;
    boolean alternate;
    int width;
    int precision = -1;

    void flag(char c) {
      switch (c) {
        case '-' -> left = true;
        case '+' -> plus = true;
        case ' ' -> space = true;
        case '0' -> zero = true;
        default -> alternate = true;
      }
    }

    /** A number's text with its sign as the flags ask, zero-padded to the width when asked. */
    String signed(String text) {
      boolean negative = text.startsWith("-");
      String body = negative ? text.substring(1) : text;
      String sign = negative ? "-" : plus ? "+" : space ? " " : "";
      if (zero && !left && !body.startsWith("inf") && !body.startsWith("nan")) {
        int prefix =
            body.startsWith("0x") || body.startsWith("0X") || body.startsWith("0o") ? 2 : 0;
        StringBuilder padded = new StringBuilder(body.substring(0, prefix));
        for (int n = sign.length() + body.length(); n < width; n++) {
          padded.append('0');
        }
        return sign + padded + body.substring(prefix);
      }
      return sign + body;
    }

    String pad(String text) {
      int length = text.codePointCount(0, text.length());
      if (length >= width) {
        return text;
      }
      String fill = PyText.repeat(" ", width - length);
      return left ? text + fill : fill + text;
    }
  }
}
