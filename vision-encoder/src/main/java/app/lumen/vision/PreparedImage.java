package app.lumen.vision;

/**
 * A picture resized for the encoder, with its plan and a content key, ready to encode. Holding the
 * resized bytes (not {@code pixel_values}, four times larger) keeps a queued message small.
 *
 * <p>Immutable; thread-safe.
 */
public final class PreparedImage {
  private final ImagePlan plan;
  private final RgbImage resized;
  private final String key;

  PreparedImage(ImagePlan plan, RgbImage resized, String key) {
    this.plan = plan;
    this.resized = resized;
    this.key = key;
  }

  public ImagePlan plan() {
    return plan;
  }

  /**
   * A SHA-256 of the resized pixels, their size and the processor settings: equal keys give equal
   * embeddings, so the key identifies cached encodings and cached prompt tokens.
   */
  public String key() {
    return key;
  }

  RgbImage resized() {
    return resized;
  }

  @Override
  public String toString() {
    return "PreparedImage["
        + plan.resizedWidth()
        + "x"
        + plan.resizedHeight()
        + ", "
        + plan.tokens()
        + " tokens, "
        + key.substring(0, 12)
        + "]";
  }
}
