package app.lumen.inference.jinja;

/** One lexical unit of a template; {@code value} is the decoded literal for STRING/INT/FLOAT. */
record Token(Kind kind, String text, Object value, int line) {
  enum Kind {
    TEXT,
    VAR_BEGIN,
    VAR_END,
    BLOCK_BEGIN,
    BLOCK_END,
    NAME,
    STRING,
    INT,
    FLOAT,
    OP,
    EOF
  }

  boolean is(Kind kind, String text) {
    return this.kind == kind && this.text.equals(text);
  }

  boolean isOp(String op) {
    return is(Kind.OP, op);
  }

  boolean isName(String name) {
    return is(Kind.NAME, name);
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of template";
      case VAR_END -> "end of print statement";
      case BLOCK_END -> "end of statement block";
      case STRING -> "string";
      default -> "'" + text + "'";
    };
  }
}
