package app.lumen.inference.jinja;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Jinja2's built-in tests ({@code x is defined}, {@code x is string}, ...), with its semantics. */
final class Tests {
  private interface Test {
    boolean test(Object value, CallArgs args);
  }

  private static final Map<String, Test> TESTS = new HashMap<>();

  static {
    TESTS.put("defined", (v, a) -> !(v instanceof Undefined));
    TESTS.put("undefined", (v, a) -> v instanceof Undefined);
    TESTS.put("none", (v, a) -> v == null);
    TESTS.put("boolean", (v, a) -> v instanceof Boolean);
    TESTS.put("true", (v, a) -> Boolean.TRUE.equals(v));
    TESTS.put("false", (v, a) -> Boolean.FALSE.equals(v));
    TESTS.put("integer", (v, a) -> v instanceof Long || v instanceof Integer);
    TESTS.put("float", (v, a) -> v instanceof Double);
    TESTS.put("number", (v, a) -> Values.isNumber(v));
    TESTS.put("string", (v, a) -> v instanceof String);
    TESTS.put("mapping", (v, a) -> v instanceof Map);
    TESTS.put("iterable", (v, a) -> isContainer(v));
    TESTS.put("sequence", (v, a) -> isContainer(v));
    // Jinja's Undefined defines __call__ (to fail), so Python calls it callable.
    TESTS.put("callable", (v, a) -> v instanceof PyCallable || v instanceof Undefined);
    TESTS.put("odd", (v, a) -> Values.equal(Arithmetic.apply("%", v, 2L), 1L));
    TESTS.put("even", (v, a) -> Values.equal(Arithmetic.apply("%", v, 2L), 0L));
    TESTS.put("divisibleby", (v, a) -> Values.equal(Arithmetic.apply("%", v, arg(a)), 0L));
    // Python's str.islower()/isupper(): there must be a cased character.
    TESTS.put("lower", (v, a) -> hasCase(v) && PyText.str(v).equals(lower(v)));
    TESTS.put("upper", (v, a) -> hasCase(v) && PyText.str(v).equals(upper(v)));
    TESTS.put("in", (v, a) -> Values.contains(arg(a), v));
    // Python's identity: None and the booleans are singletons; anything else only itself.
    TESTS.put("sameas", (v, a) -> v == arg(a) || (v instanceof Boolean && v.equals(arg(a))));
    alias((v, a) -> Values.equal(v, arg(a)), "eq", "equalto", "==");
    alias((v, a) -> !Values.equal(v, arg(a)), "ne", "!=");
    alias((v, a) -> Values.compare(v, arg(a), "<") < 0, "lt", "lessthan", "<");
    alias((v, a) -> Values.compare(v, arg(a), "<=") <= 0, "le", "<=");
    alias((v, a) -> Values.compare(v, arg(a), ">") > 0, "gt", "greaterthan", ">");
    alias((v, a) -> Values.compare(v, arg(a), ">=") >= 0, "ge", ">=");
  }

  private Tests() {}

  private static void alias(Test test, String... names) {
    for (String name : names) {
      TESTS.put(name, test);
    }
  }

  static boolean exists(String name) {
    return TESTS.containsKey(name);
  }

  static boolean apply(String name, Object value, CallArgs args) {
    Test test = TESTS.get(name);
    if (test == null) {
      throw new Failure("no test named '" + name + "'");
    }
    return test.test(value, args);
  }

  // Undefined counts: Jinja's Undefined iterates (as empty) and has a length.
  private static boolean isContainer(Object v) {
    return v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined;
  }

  private static Object arg(CallArgs args) {
    if (args.positional().isEmpty()) {
      throw new Failure("the test needs an argument");
    }
    return args.positional().get(0);
  }

  private static boolean hasCase(Object v) {
    return PyStrings.hasCase(PyText.str(v));
  }

  private static String lower(Object v) {
    return PyText.str(v).toLowerCase(Locale.ROOT);
  }

  private static String upper(Object v) {
    return PyText.str(v).toUpperCase(Locale.ROOT);
  }
}
