package app.lumen.vision;

/** The vision graph cannot be loaded or run, or its output does not fit the request. */
public final class VisionEncoderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VisionEncoderException(String message) {
    super(message);
  }

  public VisionEncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
