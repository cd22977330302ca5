package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes the value of an expression in a scope; failures are stamped with its line. */
final class Evaluator {
  private Evaluator() {}

  static Object eval(Expr expr, Scope scope) {
    try {
      return evalUnstamped(expr, scope);
    } catch (Failure failure) {
      throw failure.atLine(expr.line());
    }
  }

  private static Object evalUnstamped(Expr expr, Scope scope) {
    if (expr instanceof Expr.Literal e) {
      return e.value();
    }
    if (expr instanceof Expr.Name e) {
      return scope.lookup(e.name());
    }
    if (expr instanceof Expr.Attribute e) {
      return Access.attribute(eval(e.target(), scope), e.name());
    }
    if (expr instanceof Expr.Item e) {
      return Access.item(eval(e.target(), scope), eval(e.key(), scope));
    }
    if (expr instanceof Expr.Call e) {
      return call(eval(e.callee(), scope), args(e.args(), scope));
    }
    if (expr instanceof Expr.Filter e) {
      return Filters.apply(e.name(), eval(e.value(), scope), args(e.args(), scope));
    }
    if (expr instanceof Expr.Test e) {
      return e.negated() != Tests.apply(e.name(), eval(e.value(), scope), args(e.args(), scope));
    }
    if (expr instanceof Expr.Unary e) {
      return unary(e.op(), eval(e.operand(), scope));
    }
    if (expr instanceof Expr.Binary e) {
      return binary(e, scope);
    }
    if (expr instanceof Expr.Compare e) {
      return compare(e, scope);
    }
    if (expr instanceof Expr.Conditional e) {
      if (Values.truthy(eval(e.condition(), scope))) {
        return eval(e.then(), scope);
      }
      return e.otherwise() == null
          ? Undefined.because("the inline if had no else and its condition was false")
          : eval(e.otherwise(), scope);
    }
    if (expr instanceof Expr.Slice e) {
      return Access.slice(
          eval(e.target(), scope),
          optional(e.start(), scope),
          optional(e.stop(), scope),
          optional(e.step(), scope));
    }
    if (expr instanceof Expr.ListOf e) {
      List<Object> items = new ArrayList<>();
      for (Expr item : e.items()) {
        items.add(eval(item, scope));
      }
      return e.tuple() ? PyTuple.of(items) : items;
    }
    Expr.DictOf e = (Expr.DictOf) expr;
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < e.keys().size(); i++) {
      map.put(eval(e.keys().get(i), scope), eval(e.values().get(i), scope));
    }
    return map;
  }

  private static Object optional(Expr expr, Scope scope) {
    return expr == null ? null : eval(expr, scope);
  }

  static CallArgs args(Expr.Args args, Scope scope) {
    if (args.positional().isEmpty() && args.names().isEmpty()) {
      return CallArgs.NONE;
    }
    List<Object> positional = new ArrayList<>();
    for (Expr arg : args.positional()) {
      positional.add(eval(arg, scope));
    }
    Map<String, Object> keywords = new LinkedHashMap<>();
    for (int i = 0; i < args.names().size(); i++) {
      keywords.put(args.names().get(i), eval(args.named().get(i), scope));
    }
    return new CallArgs(positional, keywords);
  }

  private static Object call(Object callee, CallArgs args) {
    if (callee instanceof PyCallable callable) {
      return callable.call(args);
    }
    if (callee instanceof Undefined u) {
      throw u.misuse();
    }
    throw new Failure("'" + Values.typeName(callee) + "' object is not callable");
  }

  private static Object unary(String op, Object value) {
    return switch (op) {
      case "not" -> !Values.truthy(value);
      case "-" -> {
        if (value instanceof Undefined u) {
          throw u.misuse();
        }
        yield Arithmetic.negate(value);
      }
      default -> Values.isNumber(value) ? value : Arithmetic.apply("+", 0L, value);
    };
  }

  private static Object binary(Expr.Binary e, Scope scope) {
    Object left = eval(e.left(), scope);
    switch (e.op()) {
      case "and":
        return Values.truthy(left) ? eval(e.right(), scope) : left;
      case "or":
        return Values.truthy(left) ? left : eval(e.right(), scope);
      case "~":
        return PyText.str(left) + PyText.str(eval(e.right(), scope));
      default:
        return Arithmetic.apply(e.op(), left, eval(e.right(), scope));
    }
  }

  private static Object compare(Expr.Compare e, Scope scope) {
    Object left = eval(e.first(), scope);
    for (int i = 0; i < e.ops().size(); i++) {
      Object right = eval(e.rest().get(i), scope);
      String op = e.ops().get(i);
      boolean holds =
          switch (op) {
            case "==" -> Values.equal(left, right);
            case "!=" -> !Values.equal(left, right);
            case "in" -> Values.contains(right, left);
            case "not in" -> !Values.contains(right, left);
            case "<" -> Values.compare(left, right, op) < 0;
            case "<=" -> Values.compare(left, right, op) <= 0;
            case ">" -> Values.compare(left, right, op) > 0;
            default -> Values.compare(left, right, op) >= 0;
          };
      if (!holds) {
        return false;
      }
      left = right;
    }
    return true;
  }
}
