package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Python's binary operators on template values: {@code /} always gives a float, {@code //} and
 * {@code %} floor towards minus infinity, {@code +} joins strings and lists but never a string and
 * a number.
 */
final class Arithmetic {
  /**
   * A template must not exhaust a phone's memory with {@code 'x' * 10**9} (validation renders it).
   */
  private static final long MAX_REPEATED_ITEMS = 1 << 22;

  private Arithmetic() {}

  static Object apply(String op, Object a, Object b) {
    if (a instanceof Undefined u) {
      throw u.misuse();
    }
    if (b instanceof Undefined u) {
      throw u.misuse();
    }
    switch (op) {
      case "+":
        if (a instanceof String x && b instanceof String y) {
          return x + y;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
          List<Object> joined = new ArrayList<>(x);
          joined.addAll(y);
          return joined;
        }
        return numeric(op, a, b);
      case "*":
        if (a instanceof String s && Values.isInteger(b)) {
          return PyText.repeat(s, repetitions(s.length(), b));
        }
        if (b instanceof String s && Values.isInteger(a)) {
          return PyText.repeat(s, repetitions(s.length(), a));
        }
        if (a instanceof List<?> l && Values.isInteger(b)) {
          return repeated(l, b);
        }
        if (b instanceof List<?> l && Values.isInteger(a)) {
          return repeated(l, a);
        }
        return numeric(op, a, b);
      case "%":
        if (a instanceof String format) {
          return PyFormat.percent(format, b);
        }
        return numeric(op, a, b);
      default:
        return numeric(op, a, b);
    }
  }

  private static List<Object> repeated(List<?> items, Object times) {
    List<Object> out = new ArrayList<>();
    for (long i = repetitions(items.size(), times); i > 0; i--) {
      out.addAll(items);
    }
    return out;
  }

  /** How often to repeat; refused when the result would outgrow {@link #MAX_REPEATED_ITEMS}. */
  private static int repetitions(int itemsEach, Object times) {
    long n = Math.max(0, Values.asLong(times));
    if (itemsEach * n > MAX_REPEATED_ITEMS) {
      throw new Failure("repetition too large: at most " + MAX_REPEATED_ITEMS + " items");
    }
    return (int) n;
  }

  static Object negate(Object a) {
    if (a instanceof Double d) {
      return -d;
    }
    if (Values.isInteger(a)) {
      return -Values.asLong(a);
    }
    throw unsupported("unary -", a, null);
  }

  /** An operator on two numbers; the integer form is null where Python always gives a float. */
  private enum NumericOp {
    ADD("+", (x, y) -> x + y, (x, y) -> x + y),
    SUBTRACT("-", (x, y) -> x - y, (x, y) -> x - y),
    MULTIPLY("*", (x, y) -> x * y, (x, y) -> x * y),
    DIVIDE("/", null, (x, y) -> x / nonZero(y)),
    FLOOR_DIVIDE(
        "//", (x, y) -> Math.floorDiv(x, nonZero(y)), (x, y) -> Math.floor(x / nonZero(y))),
    MODULO("%", (x, y) -> Math.floorMod(x, nonZero(y)), Arithmetic::floatModulo),
    POWER("**", null, Math::pow);

    final String symbol;
    final LongBinaryOperator onIntegers;
    final DoubleBinaryOperator onFloats;

    NumericOp(String symbol, LongBinaryOperator onIntegers, DoubleBinaryOperator onFloats) {
      this.symbol = symbol;
      this.onIntegers = onIntegers;
      this.onFloats = onFloats;
    }
  }

  private static Object numeric(String op, Object a, Object b) {
    if (!Values.isNumber(a) || !Values.isNumber(b)) {
      throw unsupported(op, a, b);
    }
    NumericOp numeric = null;
    for (NumericOp candidate : NumericOp.values()) {
      if (candidate.symbol.equals(op)) {
        numeric = candidate;
      }
    }
    if (numeric == null) {
      throw unsupported(op, a, b);
    }
    if (Values.isInteger(a) && Values.isInteger(b)) {
      long x = Values.asLong(a);
      long y = Values.asLong(b);
      if (numeric == NumericOp.POWER && y >= 0) {
        return power(x, y);
      }
      if (numeric.onIntegers != null) {
        return numeric.onIntegers.applyAsLong(x, y);
      }
    }
    return numeric.onFloats.applyAsDouble(Values.asDouble(a), Values.asDouble(b));
  }

  // Python's float %: the result takes the divisor's sign.
  private static double floatModulo(double x, double y) {
    double r = x % nonZero(y);
    return (r != 0 && (r < 0) != (y < 0)) ? r + y : r;
  }

  private static long power(long base, long exponent) {
    long result = 1;
    for (long i = 0; i < exponent; i++) {
      result *= base;
    }
    return result;
  }

  private static long nonZero(long y) {
    if (y == 0) {
      throw new Failure("division by zero");
    }
    return y;
  }

  private static double nonZero(double y) {
    if (y == 0) {
      throw new Failure("division by zero");
    }
    return y;
  }

  private static Failure unsupported(String op, Object a, Object b) {
    return new Failure(
        "unsupported operand type(s) for "
            + op
            + ": '"
            + Values.typeName(a)
            + (b == null && op.startsWith("unary") ? "'" : "' and '" + Values.typeName(b) + "'"));
  }
}
