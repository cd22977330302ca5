package app.lumen.inference.jinja;

import app.lumen.inference.jinja.Token.Kind;
import java.util.List;

/** A cursor over the lexer's tokens with the expect-or-fail helpers the parsers share. */
final class TokenStream {
  private final List<Token> tokens;
  private int index;

  TokenStream(List<Token> tokens) {
    this.tokens = tokens;
  }

  Token current() {
    return tokens.get(index);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  Token next() {
    Token token = tokens.get(index);
    if (token.kind() != Kind.EOF) {
      index++;
    }
    return token;
  }

  boolean skipOp(String op) {
    if (current().isOp(op)) {
      index++;
      return true;
    }
    return false;
  }

  boolean skipName(String name) {
    if (current().isName(name)) {
      index++;
      return true;
    }
    return false;
  }

  Token expect(Kind kind, String what) {
    if (current().kind() != kind) {
      throw unexpected(what);
    }
    return next();
  }

  void expectOp(String op) {
    if (!skipOp(op)) {
      throw unexpected("'" + op + "'");
    }
  }

  String expectName() {
    return expect(Kind.NAME, "a name").text();
  }

  Failure unexpected(String expected) {
    Token token = current();
    return new Failure(token.line(), "expected " + expected + ", found " + token.describe());
  }
}
