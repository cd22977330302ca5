package app.lumen.inference.jinja;

import java.util.List;

/** A statement of the template. */
sealed interface Node {
  record Text(String text) implements Node {}

  record Print(Expr expr) implements Node {}

  record If(List<Expr> conditions, List<List<Node>> bodies, List<Node> otherwise) implements Node {}

  /**
   * {@code for targets in iterable [if filter] [recursive]}; filter is null when absent; a
   * recursive loop's body can call {@code loop(items)} to run itself over other items.
   */
  record For(
      List<String> targets,
      Expr iterable,
      Expr filter,
      List<Node> body,
      List<Node> otherwise,
      int line,
      boolean recursive)
      implements Node {}

  /** {@code set a = v}, {@code set a, b = v}, or {@code set ns.attr = v} when attribute is set. */
  record Set(List<String> names, Expr namespace, String attribute, Expr value, int line)
      implements Node {}

  /** {@code {% set name %}body{% endset %}}. */
  record SetBlock(String name, List<Node> body) implements Node {}

  /**
   * defaults holds null for a parameter without a default; the flags say whether the body reads
   * {@code varargs}, {@code kwargs} or {@code caller} (then the macro takes extra arguments).
   */
  record Macro(
      String name,
      List<String> params,
      List<Expr> defaults,
      List<Node> body,
      int line,
      boolean takesVarargs,
      boolean takesKwargs,
      boolean takesCaller)
      implements Node {}

  /** {@code {% call(params) m(args) %}body{% endcall %}}: calls m with the body as caller. */
  record CallBlock(Macro caller, Expr.Call call, int line) implements Node {}

  record With(List<String> names, List<Expr> values, List<Node> body) implements Node {}

  record FilterBlock(List<Expr.Filter> filters, List<Node> body) implements Node {}

  record LoopControl(boolean isBreak, int line) implements Node {}
}
