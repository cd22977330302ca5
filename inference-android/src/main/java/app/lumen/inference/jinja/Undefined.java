package app.lumen.inference.jinja;

/**
 * Jinja's default undefined value: falsy, prints as nothing, iterates as empty; any other use (an
 * attribute of it, arithmetic, a call) fails with the hint saying why it is undefined.
 */
final class Undefined {
  final String hint;

  private Undefined(String hint) {
    this.hint = hint;
  }

  static Undefined named(String name) {
    return new Undefined("'" + name + "' is undefined");
  }

  static Undefined because(String hint) {
    return new Undefined(hint);
  }

  Failure misuse() {
    return new Failure(hint);
  }

  @Override
  public String toString() {
    return "";
  }
}
