package app.lumen.inference.text;

import java.io.IOException;

/**
 * A {@code tokenizer.json} that is malformed or describes a tokenizer Lumen cannot reproduce
 * exactly. The message names the file and the field, and says what was expected.
 */
public final class TokenizerFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TokenizerFormatException(String message) {
    super(message);
  }

  public TokenizerFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
