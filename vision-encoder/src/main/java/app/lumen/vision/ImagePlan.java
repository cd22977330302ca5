package app.lumen.vision;

/**
 * What preprocessing will make of a picture, known before any pixel is read: the resized size, the
 * patch grid, the number of image tokens, and rough estimates of the vision encoder's time and
 * memory (so a user can pick a budget before sending).
 *
 * <p>Immutable.
 *
 * @param sourceWidth width of the picture as shown (after EXIF orientation)
 * @param sourceHeight height of the picture as shown
 * @param resizedWidth width fed to the encoder, a multiple of patch size × merge size
 * @param resizedHeight height fed to the encoder
 * @param gridT frames in patches (1 for a still image)
 * @param gridH rows of patches ({@code resizedHeight / patchSize})
 * @param gridW columns of patches
 * @param tokens image tokens in the prompt: {@code gridT · gridH · gridW / mergeSize²}
 * @param estimatedEncodeMillis encode time on the assumed device ({@link VisionCostModel})
 * @param estimatedPeakBytes encoder working memory on the assumed model
 */
public record ImagePlan(
    int sourceWidth,
    int sourceHeight,
    int resizedWidth,
    int resizedHeight,
    int gridT,
    int gridH,
    int gridW,
    int tokens,
    double estimatedEncodeMillis,
    long estimatedPeakBytes) {

  /** Rows of {@code pixel_values}: one per patch. */
  public int patches() {
    return gridT * gridH * gridW;
  }

  /** {@code image_grid_thw} of the processor: {@code [t, h, w]} in patches. */
  public long[] gridThw() {
    return new long[] {gridT, gridH, gridW};
  }

  /** Whether the picture is resampled (false: its pixels go through unchanged). */
  public boolean resizes() {
    return resizedWidth != sourceWidth || resizedHeight != sourceHeight;
  }
}
