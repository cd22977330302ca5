package app.lumen.inference.jinja;

/**
 * The unchecked carrier of a template problem inside the interpreter, so that value helpers need
 * not know the line they are on: the innermost expression or statement that knows its line stamps
 * it, and {@link JinjaTemplate} turns it into a {@link TemplateException}.
 */
final class Failure extends RuntimeException {
  private int line;
  private final boolean raisedByTemplate;

  Failure(String message) {
    this(0, message, false);
  }

  Failure(int line, String message) {
    this(line, message, false);
  }

  Failure(int line, String message, boolean raisedByTemplate) {
    super(message, null, false, false); // no stack trace: this is a user-facing report
    this.line = line;
    this.raisedByTemplate = raisedByTemplate;
  }

  static Failure raised(String message) {
    return new Failure(0, message, true);
  }

  Failure atLine(int line) {
    if (this.line == 0) {
      this.line = line;
    }
    return this;
  }

  TemplateException toException() {
    return new TemplateException(Math.max(line, 1), getMessage(), raisedByTemplate);
  }
}
