package app.lumen.vision;

/**
 * A vision run stopped by the terminate flag of the {@code RunOptions} it was given: the caller
 * asked for the stop, nothing is wrong with the graph or the picture. Nothing is cached for the
 * picture, so encoding it again later runs the graph normally.
 */
public final class VisionEncodingCancelledException extends VisionEncoderException {
  private static final long serialVersionUID = 1L;

  public VisionEncodingCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
