package app.lumen.inference.jinja;

import java.util.List;

/** A statement of the template. */
sealed interface Node {
  record Text(String text) implements Node {}

  record Print(Expr expr) implements Node {}

  record If(List<Expr> conditions, List<List<Node>> bodies, List<Node> otherwise) implements Node {}

  /** {@code for targets in iterable [if filter]}; filter is null when absent. */
  record For(
      List<String> targets,
      Expr iterable,
      Expr filter,
      List<Node> body,
      List<Node> otherwise,
      int line)
      implements Node {}

  /** {@code set a = v}, {@code set a, b = v}, or {@code set ns.attr = v} when attribute is set. */
  record Set(List<String> names, Expr namespace, String attribute, Expr value, int line)
      implements Node {}

  /** {@code {% set name %}body{% endset %}}. */
  record SetBlock(String name, List<Node> body) implements Node {}

  /** defaults holds null for a parameter without a default. */
  record Macro(String name, List<String> params, List<Expr> defaults, List<Node> body, int line)
      implements Node {}

  record With(List<String> names, List<Expr> values, List<Node> body) implements Node {}

  record FilterBlock(List<Expr.Filter> filters, List<Node> body) implements Node {}

  record LoopControl(boolean isBreak, int line) implements Node {}
}
