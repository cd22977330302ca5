package app.lumen.inference.jinja;

import app.lumen.inference.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Jinja2's expression grammar, loosest first: conditional, {@code or}, {@code and}, {@code not},
 * comparisons, {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary sign, then primaries
 * with their attributes, items, calls, filters and tests. A filter binds tighter than a sign is
 * applied to (so {@code -3|abs} is {@code 3}), as in Jinja2.
 */
final class ExpressionParser {
  /**
   * Every variable name read since the set was last cleared: a macro takes extra arguments only
   * when its body reads {@code varargs}, {@code kwargs} or {@code caller}, as in Jinja2.
   */
  final java.util.Set<String> referenced = new java.util.HashSet<>();

  private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");

  private final TokenStream in;

  ExpressionParser(TokenStream in) {
    this.in = in;
  }

  /** An expression, or an unparenthesised tuple such as {@code a, b}. */
  Expr tuple() {
    int line = in.current().line();
    Expr first = expression();
    if (!in.current().isOp(",")) {
      return first;
    }
    List<Expr> items = new ArrayList<>(List.of(first));
    while (in.skipOp(",") && startsExpression()) {
      items.add(expression());
    }
    return new Expr.ListOf(items, true, line);
  }

  /** An expression without a trailing {@code if ... else ...}: a for loop's iterable. */
  Expr expressionWithoutConditional() {
    return or();
  }

  Expr expression() {
    Expr then = or();
    if (!in.current().isName("if")) {
      return then;
    }
    int line = in.next().line();
    Expr condition = or();
    Expr otherwise = in.skipName("else") ? expression() : null;
    return new Expr.Conditional(then, condition, otherwise, line);
  }

  private Expr or() {
    Expr left = and();
    while (in.current().isName("or")) {
      int line = in.next().line();
      left = new Expr.Binary("or", left, and(), line);
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (in.current().isName("and")) {
      int line = in.next().line();
      left = new Expr.Binary("and", left, not(), line);
    }
    return left;
  }

  private Expr not() {
    if (in.current().isName("not")) {
      int line = in.next().line();
      return new Expr.Unary("not", not(), line);
    }
    return compare();
  }

  private Expr compare() {
    int line = in.current().line();
    Expr first = math1();
    List<String> ops = new ArrayList<>();
    List<Expr> rest = new ArrayList<>();
    while (true) {
      Token token = in.current();
      if (token.kind() == Kind.OP && COMPARISONS.contains(token.text())) {
        in.next();
        ops.add(token.text());
      } else if (token.isName("in")) {
        in.next();
        ops.add("in");
      } else if (token.isName("not") && in.peek(1).isName("in")) {
        in.next();
        in.next();
        ops.add("not in");
      } else {
        break;
      }
      rest.add(math1());
    }
    return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest, line);
  }

  private Expr math1() {
    Expr left = concat();
    while (in.current().isOp("+") || in.current().isOp("-")) {
      Token op = in.next();
      left = new Expr.Binary(op.text(), left, concat(), op.line());
    }
    return left;
  }

  private Expr concat() {
    Expr left = math2();
    while (in.current().isOp("~")) {
      int line = in.next().line();
      left = new Expr.Binary("~", left, math2(), line);
    }
    return left;
  }

  private Expr math2() {
    Expr left = pow();
    while (in.current().isOp("*")
        || in.current().isOp("/")
        || in.current().isOp("//")
        || in.current().isOp("%")) {
      Token op = in.next();
      left = new Expr.Binary(op.text(), left, pow(), op.line());
    }
    return left;
  }

  private Expr pow() {
    Expr left = unary(true);
    while (in.current().isOp("**")) {
      int line = in.next().line();
      left = new Expr.Binary("**", left, unary(true), line);
    }
    return left;
  }

  private Expr unary(boolean withFilters) {
    Token token = in.current();
    Expr node;
    if (token.isOp("-") || token.isOp("+")) {
      in.next();
      node = new Expr.Unary(token.text(), unary(false), token.line());
    } else {
      node = primary();
    }
    node = postfix(node);
    return withFilters ? filtersAndTests(node) : node;
  }

  private Expr primary() {
    Token token = in.next();
    switch (token.kind()) {
      case STRING:
        StringBuilder text = new StringBuilder((String) token.value());
        while (in.current().kind() == Kind.STRING) { // adjacent literals join, as in Python
          text.append((String) in.next().value());
        }
        return new Expr.Literal(text.toString(), token.line());
      case INT, FLOAT:
        return new Expr.Literal(token.value(), token.line());
      case NAME:
        return switch (token.text()) {
          case "true", "True" -> new Expr.Literal(Boolean.TRUE, token.line());
          case "false", "False" -> new Expr.Literal(Boolean.FALSE, token.line());
          case "none", "None" -> new Expr.Literal(null, token.line());
          default -> {
            referenced.add(token.text());
            yield new Expr.Name(token.text(), token.line());
          }
        };
      case OP:
        if (token.text().equals("(")) {
          if (in.skipOp(")")) {
            return new Expr.ListOf(List.of(), true, token.line());
          }
          Expr inner = tuple();
          in.expectOp(")");
          return inner;
        }
        if (token.text().equals("[")) {
          return new Expr.ListOf(items("]"), false, token.line());
        }
        if (token.text().equals("{")) {
          return dict(token.line());
        }
        break;
      default:
        break;
    }
    throw new Failure(token.line(), "unexpected " + token.describe() + " in an expression");
  }

  private List<Expr> items(String close) {
    List<Expr> items = new ArrayList<>();
    while (!in.skipOp(close)) {
      if (!items.isEmpty()) {
        in.expectOp(",");
        if (in.skipOp(close)) {
          break;
        }
      }
      items.add(expression());
    }
    return items;
  }

  private Expr dict(int line) {
    List<Expr> keys = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (!in.skipOp("}")) {
      if (!keys.isEmpty()) {
        in.expectOp(",");
        if (in.skipOp("}")) {
          break;
        }
      }
      keys.add(expression());
      in.expectOp(":");
      values.add(expression());
    }
    return new Expr.DictOf(keys, values, line);
  }

  private Expr postfix(Expr node) {
    while (true) {
      Token token = in.current();
      if (token.isOp(".")) {
        in.next();
        Token name = in.next();
        if (name.kind() == Kind.INT) {
          node = new Expr.Item(node, new Expr.Literal(name.value(), name.line()), name.line());
        } else if (name.kind() == Kind.NAME) {
          node = new Expr.Attribute(node, name.text(), name.line());
        } else {
          throw new Failure(name.line(), "expected an attribute name after '.'");
        }
      } else if (token.isOp("[")) {
        in.next();
        node = subscript(node, token.line());
      } else if (token.isOp("(")) {
        in.next();
        node = new Expr.Call(node, args(), token.line());
      } else {
        return node;
      }
    }
  }

  private Expr subscript(Expr target, int line) {
    Expr[] parts = new Expr[3];
    int part = 0;
    boolean slice = false;
    while (!in.skipOp("]")) {
      if (in.skipOp(":")) {
        slice = true;
        part++;
        if (part > 2) {
          throw new Failure(line, "too many ':' in a slice");
        }
      } else {
        parts[part] = expression();
      }
    }
    if (!slice) {
      if (parts[0] == null) {
        throw new Failure(line, "expected an index inside '[]'");
      }
      return new Expr.Item(target, parts[0], line);
    }
    return new Expr.Slice(target, parts[0], parts[1], parts[2], line);
  }

  /** Arguments after an opening parenthesis, through the closing one. */
  Expr.Args args() {
    List<Expr> positional = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Expr> named = new ArrayList<>();
    while (!in.skipOp(")")) {
      if (!positional.isEmpty() || !names.isEmpty()) {
        in.expectOp(",");
        if (in.skipOp(")")) {
          break;
        }
      }
      if (in.current().kind() == Kind.NAME && in.peek(1).isOp("=")) {
        names.add(in.next().text());
        in.next();
        named.add(expression());
      } else if (!names.isEmpty()) {
        throw new Failure(in.current().line(), "positional argument after a keyword argument");
      } else {
        positional.add(expression());
      }
    }
    return new Expr.Args(positional, names, named);
  }

  private Expr filtersAndTests(Expr node) {
    while (true) {
      Token token = in.current();
      if (token.isOp("|")) {
        in.next();
        node = filter(node, token.line());
      } else if (token.isName("is")) {
        in.next();
        boolean negated = in.skipName("not");
        Token name = in.next();
        if (name.kind() != Kind.NAME) {
          throw new Failure(name.line(), "expected a test name after 'is'");
        }
        if (!Tests.exists(name.text())) {
          throw new Failure(name.line(), "unknown test '" + name.text() + "'");
        }
        Expr.Args args = Expr.Args.NONE;
        if (in.skipOp("(")) {
          args = args();
        } else if (startsTestArgument()) {
          args = new Expr.Args(List.of(postfix(primary())), List.of(), List.of());
        }
        node = new Expr.Test(node, name.text(), args, negated, name.line());
      } else if (token.isOp("(")) {
        in.next();
        node = new Expr.Call(node, args(), token.line());
      } else {
        return node;
      }
    }
  }

  /** One filter after its {@code |}: a name, optionally dotted, and optional arguments. */
  Expr.Filter filter(Expr value, int line) {
    StringBuilder name = new StringBuilder(in.expectName());
    while (in.skipOp(".")) {
      name.append('.').append(in.expectName());
    }
    if (!Filters.exists(name.toString())) {
      throw new Failure(in.current().line(), "unknown filter '" + name + "'");
    }
    Expr.Args args = in.skipOp("(") ? args() : Expr.Args.NONE;
    return new Expr.Filter(value, name.toString(), args, line);
  }

  // Jinja2 takes one bare argument after a test name unless the next word ends the expression.
  private boolean startsTestArgument() {
    Token token = in.current();
    return switch (token.kind()) {
      case STRING, INT, FLOAT -> true;
      case NAME -> !Set.of("else", "or", "and").contains(token.text());
      case OP -> token.isOp("[") || token.isOp("{");
      default -> false;
    };
  }

  private boolean startsExpression() {
    Token token = in.current();
    return switch (token.kind()) {
      case STRING, INT, FLOAT, NAME -> true;
      case OP ->
          token.isOp("(")
              || token.isOp("[")
              || token.isOp("{")
              || token.isOp("-")
              || token.isOp("+");
      default -> false;
    };
  }
}
