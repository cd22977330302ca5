package app.lumen.inference;

/** Base of the engine's exceptions; unchecked so Kotlin and Java callers handle them alike. */
public class InferenceException extends RuntimeException {
  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
