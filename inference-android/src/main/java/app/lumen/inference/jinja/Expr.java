package app.lumen.inference.jinja;

import java.util.List;

/** An expression of the template, with the line it is on for error messages. */
sealed interface Expr {
  int line();

  record Literal(Object value, int line) implements Expr {}

  record Name(String name, int line) implements Expr {}

  /** A list or tuple literal. */
  record ListOf(List<Expr> items, boolean tuple, int line) implements Expr {}

  record DictOf(List<Expr> keys, List<Expr> values, int line) implements Expr {}

  record Attribute(Expr target, String name, int line) implements Expr {}

  record Item(Expr target, Expr key, int line) implements Expr {}

  /** {@code target[start:stop:step]}; absent parts are null. */
  record Slice(Expr target, Expr start, Expr stop, Expr step, int line) implements Expr {}

  record Call(Expr callee, Args args, int line) implements Expr {}

  record Filter(Expr value, String name, Args args, int line) implements Expr {}

  record Test(Expr value, String name, Args args, boolean negated, int line) implements Expr {}

  /** {@code -x}, {@code +x} or {@code not x}. */
  record Unary(String op, Expr operand, int line) implements Expr {}

  /** Arithmetic, {@code ~}, {@code and}, {@code or}. */
  record Binary(String op, Expr left, Expr right, int line) implements Expr {}

  /** A chain such as {@code a < b <= c} or {@code x not in y}. */
  record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr {}

  /** {@code then if condition else otherwise}; otherwise is null when the else is left out. */
  record Conditional(Expr then, Expr condition, Expr otherwise, int line) implements Expr {}

  /** Unevaluated call arguments. */
  record Args(List<Expr> positional, List<String> names, List<Expr> named) {
    static final Args NONE = new Args(List.of(), List.of(), List.of());
  }
}
