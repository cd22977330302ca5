package app.lumen.inference.jinja;

/**
 * A chat template that cannot be parsed or rendered: a syntax error, a construct this interpreter
 * does not support, an operation Jinja would refuse (e.g. adding a string and a number), or the
 * template's own {@code raise_exception(...)}. The message names the line and the construct.
 */
public final class TemplateException extends Exception {
  private final int line;
  private final String detail;
  private final boolean raisedByTemplate;

  TemplateException(int line, String detail, boolean raisedByTemplate) {
    super("line " + line + ": " + detail);
    this.line = line;
    this.detail = detail;
    this.raisedByTemplate = raisedByTemplate;
  }

  /** The 1-based line of the template where the problem is. */
  public int line() {
    return line;
  }

  /** The message without the line number. */
  public String detail() {
    return detail;
  }

  /** True when the template itself refused the input through {@code raise_exception(...)}. */
  public boolean raisedByTemplate() {
    return raisedByTemplate;
  }
}
