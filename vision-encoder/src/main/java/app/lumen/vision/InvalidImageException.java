package app.lumen.vision;

/**
 * A picture the vision path cannot use: unreadable bytes, an unsupported format, or a size the
 * processor rejects. {@link #reason()} says which, the message names the file (when known) and what
 * was expected.
 */
public final class InvalidImageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why the image was refused. */
  public enum Reason {
    /** No pixels: an empty file or a zero width or height. */
    EMPTY,
    /** Not a format this platform's decoder reads (or not an image at all). */
    UNSUPPORTED_FORMAT,
    /** A known format whose data is cut short or corrupt. */
    MALFORMED,
    /** Too large to decode within the memory bound, even subsampled. */
    TOO_LARGE,
    /** A side shorter than the processor's factor (patch size × merge size). */
    TOO_SMALL,
    /** Longer side over 200 times the shorter one (the Qwen-VL processor's limit). */
    ASPECT_RATIO
  }

  private final Reason reason;

  public InvalidImageException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public InvalidImageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
