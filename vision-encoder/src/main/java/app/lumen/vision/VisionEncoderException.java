package app.lumen.vision;

/**
 * The vision graph cannot be loaded or run, or its output does not fit the request. A run stopped
 * on purpose is the subtype {@link VisionEncodingCancelledException}.
 */
public class VisionEncoderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VisionEncoderException(String message) {
    super(message);
  }

  public VisionEncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
