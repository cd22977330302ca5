package app.lumen.vision;

/**
 * How coarsely to decode a large picture. Decoding every {@code s}-th pixel of every {@code s}-th
 * row keeps a 50 MP photo from taking 150 MB as RGB when the encoder needs 1 MP of it. The factor
 * keeps at least {@link #HEADROOM} times the planned size per side, so the bicubic filter still
 * averages real pixels; exact Pillow-equal output therefore holds for pictures up to that size and
 * the decoded size never exceeds {@code maxPixels}. Decoders on every platform use it (ImageIO's
 * source subsampling, Android's {@code ImageDecoder.setTargetSize}).
 *
 * <p>Stateless.
 */
public final class Subsampling {
  /** Per-side margin over the resized size kept when subsampling. */
  public static final int HEADROOM = 2;

  /**
   * The most pixels decoded at once: Qwen3-VL's largest processor input (16,777,216 pixels), so a
   * picture is never decoded beyond what any plan could use.
   */
  public static final long MAX_DECODED_PIXELS = 16_777_216L;

  private Subsampling() {}

  /**
   * The subsampling factor (1: none) for a {@code width × height} picture resized to {@code
   * targetWidth × targetHeight}, never decoding more than {@code maxPixels}.
   */
  public static int choose(
      int width, int height, int targetWidth, int targetHeight, long maxPixels) {
    int byTarget =
        Math.max(1, Math.min(width / (HEADROOM * targetWidth), height / (HEADROOM * targetHeight)));
    int s = byTarget;
    while (decodedPixels(width, height, s) > maxPixels) {
      s++;
    }
    return s;
  }

  /**
   * Pixels of a {@code width × height} picture decoded with factor {@code s} (sides rounded up).
   */
  public static long decodedPixels(int width, int height, int s) {
    return (long) ((width + s - 1) / s) * ((height + s - 1) / s);
  }
}
