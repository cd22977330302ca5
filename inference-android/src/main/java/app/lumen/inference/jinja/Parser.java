package app.lumen.inference.jinja;

import app.lumen.inference.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the statement tree from tokens. Tags outside the chat-template subset ({@code include},
 * {@code extends}, {@code call}, ...) are refused here, by name and line, so a package is rejected
 * when it is checked rather than when a user sends a message.
 */
final class Parser {
  private static final Set<String> UNSUPPORTED =
      Set.of("include", "import", "from", "extends", "block", "autoescape", "trans", "do");

  private final TokenStream in;
  private final ExpressionParser expressions;
  private int loopDepth;

  private Parser(List<Token> tokens) {
    this.in = new TokenStream(tokens);
    this.expressions = new ExpressionParser(in);
  }

  static List<Node> parse(String source) {
    Parser parser = new Parser(Lexer.tokenize(source));
    List<Node> body = parser.body(Set.of(), null);
    if (parser.in.current().kind() != Kind.EOF) {
      throw parser.in.unexpected("end of template");
    }
    return body;
  }

  /**
   * Statements until one of {@code ends} (left unconsumed, after its {@code {%}) or the end.
   *
   * @param opener the tag whose body this is and its line, for the message when it is not closed
   */
  private List<Node> body(Set<String> ends, String opener) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token token = in.current();
      switch (token.kind()) {
        case TEXT -> nodes.add(new Node.Text(in.next().text()));
        case VAR_BEGIN -> {
          in.next();
          nodes.add(new Node.Print(expressions.tuple()));
          in.expect(Kind.VAR_END, "'}}'");
        }
        case BLOCK_BEGIN -> {
          Token name = in.peek(1);
          if (name.kind() == Kind.NAME && ends.contains(name.text())) {
            in.next();
            return nodes;
          }
          in.next();
          statement(nodes);
        }
        case EOF -> {
          if (opener != null) {
            throw new Failure(
                token.line(),
                "unexpected end of template: "
                    + opener
                    + " is not closed (expected "
                    + String.join(
                        " or ",
                        ends.stream().sorted().map(e -> "'" + e + "'").collect(Collectors.toList()))
                    + ")");
          }
          return nodes;
        }
        default -> throw in.unexpected("text or a tag");
      }
    }
  }

  private void statement(List<Node> nodes) {
    Token tag = in.current();
    if (tag.kind() != Kind.NAME) {
      throw in.unexpected("a tag name");
    }
    in.next();
    String opener = "'" + tag.text() + "' on line " + tag.line();
    switch (tag.text()) {
      case "if" -> nodes.add(ifStatement(opener));
      case "for" -> nodes.add(forStatement(tag.line(), opener));
      case "set" -> nodes.add(setStatement(tag.line(), opener));
      case "macro" -> nodes.add(macro(tag.line(), opener));
      case "call" -> nodes.add(callBlock(tag.line(), opener));
      case "with" -> nodes.add(with(opener));
      case "filter" -> nodes.add(filterBlock(tag.line(), opener));
      case "generation" -> { // transformers' tag marking assistant text: rendered as its body
        endTag();
        nodes.addAll(body(Set.of("endgeneration"), opener));
        closeTag("endgeneration");
      }
      case "break", "continue" -> {
        if (loopDepth == 0) {
          throw new Failure(tag.line(), "'" + tag.text() + "' outside a for loop");
        }
        endTag();
        nodes.add(new Node.LoopControl(tag.text().equals("break"), tag.line()));
      }
      default -> {
        if (UNSUPPORTED.contains(tag.text())) {
          throw new Failure(
              tag.line(), "'" + tag.text() + "' tags are not supported in chat templates");
        }
        if (tag.text().startsWith("end") || Set.of("elif", "else").contains(tag.text())) {
          throw new Failure(tag.line(), "'" + tag.text() + "' without an open block to close");
        }
        throw new Failure(tag.line(), "unknown tag '" + tag.text() + "'");
      }
    }
  }

  private Node ifStatement(String opener) {
    List<Expr> conditions = new ArrayList<>();
    List<List<Node>> bodies = new ArrayList<>();
    List<Node> otherwise = List.of();
    conditions.add(expressions.tuple());
    endTag();
    Set<String> ends = Set.of("elif", "else", "endif");
    while (true) {
      bodies.add(body(ends, opener));
      String end = in.next().text();
      if (end.equals("elif")) {
        conditions.add(expressions.tuple());
        endTag();
      } else if (end.equals("else")) {
        endTag();
        otherwise = body(Set.of("endif"), opener);
        closeTag("endif");
        break;
      } else {
        endTag();
        break;
      }
    }
    return new Node.If(conditions, bodies, otherwise);
  }

  private Node forStatement(int line, String opener) {
    List<String> targets = new ArrayList<>();
    boolean parenthesised = in.skipOp("(");
    do {
      targets.add(in.expectName());
    } while (in.skipOp(","));
    if (parenthesised) {
      in.expectOp(")");
    }
    if (!in.skipName("in")) {
      throw in.unexpected("'in'");
    }
    Expr iterable = expressions.expressionWithoutConditional();
    Expr filter = in.skipName("if") ? expressions.expression() : null;
    boolean recursive = in.skipName("recursive");
    endTag();
    loopDepth++;
    List<Node> body = body(Set.of("else", "endfor"), opener);
    loopDepth--;
    List<Node> otherwise = List.of();
    if (in.next().text().equals("else")) {
      endTag();
      otherwise = body(Set.of("endfor"), opener);
      closeTag("endfor");
    } else {
      endTag();
    }
    return new Node.For(targets, iterable, filter, body, otherwise, line, recursive);
  }

  private Node setStatement(int line, String opener) {
    String first = in.expectName();
    if (in.skipOp(".")) {
      String attribute = in.expectName();
      in.expectOp("=");
      Expr value = expressions.tuple();
      endTag();
      return new Node.Set(List.of(), new Expr.Name(first, line), attribute, value, line);
    }
    List<String> names = new ArrayList<>(List.of(first));
    while (in.skipOp(",")) {
      names.add(in.expectName());
    }
    if (in.current().kind() == Kind.BLOCK_END && names.size() == 1) {
      endTag();
      List<Node> body = body(Set.of("endset"), opener);
      closeTag("endset");
      return new Node.SetBlock(first, body);
    }
    in.expectOp("=");
    Expr value = expressions.tuple();
    endTag();
    return new Node.Set(names, null, null, value, line);
  }

  private Node macro(int line, String opener) {
    String name = in.expectName();
    in.expectOp("(");
    List<String> params = new ArrayList<>();
    List<Expr> defaults = new ArrayList<>();
    parameters(params, defaults);
    endTag();
    return macroBody(name, params, defaults, line, "endmacro", opener);
  }

  /** A parameter list after its "(": names with optional defaults, up to the ")". */
  private void parameters(List<String> params, List<Expr> defaults) {
    while (!in.skipOp(")")) {
      if (!params.isEmpty()) {
        in.expectOp(",");
      }
      params.add(in.expectName());
      defaults.add(in.skipOp("=") ? expressions.expression() : null);
    }
  }

  private Node.Macro macroBody(
      String name, List<String> params, List<Expr> defaults, int line, String end, String opener) {
    int enclosingLoops = loopDepth;
    loopDepth = 0; // a macro body is not inside the loop its definition sits in
    java.util.Set<String> outer = new java.util.HashSet<>(expressions.referenced);
    expressions.referenced.clear();
    List<Node> body = body(Set.of(end), opener);
    java.util.Set<String> read = new java.util.HashSet<>(expressions.referenced);
    expressions.referenced.addAll(outer);
    loopDepth = enclosingLoops;
    closeTag(end);
    return new Node.Macro(
        name,
        params,
        defaults,
        body,
        line,
        read.contains("varargs"),
        read.contains("kwargs"),
        read.contains("caller"));
  }

  private Node callBlock(int line, String opener) {
    List<String> params = new ArrayList<>();
    List<Expr> defaults = new ArrayList<>();
    if (in.skipOp("(")) {
      parameters(params, defaults);
    }
    Expr call = expressions.expression();
    if (!(call instanceof Expr.Call target)) {
      throw new Failure(line, "'call' needs a macro call, as in {% call m() %}");
    }
    endTag();
    return new Node.CallBlock(
        macroBody("caller", params, defaults, line, "endcall", opener), target, line);
  }

  private Node with(String opener) {
    List<String> names = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (in.current().kind() != Kind.BLOCK_END) {
      if (!names.isEmpty()) {
        in.expectOp(",");
      }
      names.add(in.expectName());
      in.expectOp("=");
      values.add(expressions.expression());
    }
    endTag();
    List<Node> body = body(Set.of("endwith"), opener);
    closeTag("endwith");
    return new Node.With(names, values, body);
  }

  private Node filterBlock(int line, String opener) {
    List<Expr.Filter> filters = new ArrayList<>();
    do {
      filters.add(expressions.filter(null, line));
    } while (in.skipOp("|"));
    endTag();
    List<Node> body = body(Set.of("endfilter"), opener);
    closeTag("endfilter");
    return new Node.FilterBlock(filters, body);
  }

  /** After {@link #body} stopped at {@code name}: consume it and its {@code %}}. */
  private void closeTag(String name) {
    in.next();
    endTag();
  }

  private void endTag() {
    in.expect(Kind.BLOCK_END, "'%}'");
  }
}
