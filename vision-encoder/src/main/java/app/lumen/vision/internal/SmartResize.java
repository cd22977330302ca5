package app.lumen.vision.internal;

import app.lumen.vision.InvalidImageException;
import app.lumen.vision.InvalidImageException.Reason;

/**
 * The Qwen-VL processor's {@code smart_resize}: the size closest to the original whose sides are
 * multiples of {@code factor} and whose area lies within {@code [minPixels, maxPixels]}, keeping
 * the aspect ratio as far as the rounding allows. Written after Hugging Face's {@code
 * image_processing_qwen2_vl.smart_resize}, including Python's {@code round} (halves go to the even
 * neighbour: 80/32 = 2.5 rounds to 2, not 3).
 */
public final class SmartResize {
  /** The processor refuses longer sides over 200 times the shorter one. */
  public static final double MAX_ASPECT_RATIO = 200;

  private SmartResize() {}

  /**
   * The resized {@code {height, width}}.
   *
   * @throws InvalidImageException ({@link Reason#ASPECT_RATIO}, {@link Reason#TOO_SMALL}) when the
   *     processor would refuse the image
   */
  public static int[] resize(int height, int width, int factor, long minPixels, long maxPixels) {
    if (height < 1 || width < 1) {
      throw new InvalidImageException(
          Reason.EMPTY, "image size must be positive, was " + width + "x" + height);
    }
    double aspect = (double) Math.max(height, width) / Math.min(height, width);
    if (aspect > MAX_ASPECT_RATIO) {
      throw new InvalidImageException(
          Reason.ASPECT_RATIO,
          "image "
              + width
              + "x"
              + height
              + " has aspect ratio "
              + String.format(java.util.Locale.ROOT, "%.1f", aspect)
              + "; at most "
              + (int) MAX_ASPECT_RATIO
              + " is supported");
    }
    if (height < factor || width < factor) {
      throw new InvalidImageException(
          Reason.TOO_SMALL,
          "image "
              + width
              + "x"
              + height
              + " is too small: both sides must be at least "
              + factor
              + " pixels (patch size x merge size)");
    }
    long hBar = roundHalfEven((double) height / factor) * factor;
    long wBar = roundHalfEven((double) width / factor) * factor;
    if (hBar * wBar > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      hBar = Math.max(factor, (long) Math.floor(height / beta / factor) * factor);
      wBar = Math.max(factor, (long) Math.floor(width / beta / factor) * factor);
    } else if (hBar * wBar < minPixels) {
      double beta = Math.sqrt((double) minPixels / ((double) height * width));
      hBar = (long) Math.ceil(height * beta / factor) * factor;
      wBar = (long) Math.ceil(width * beta / factor) * factor;
    }
    if (hBar > Integer.MAX_VALUE / 4 || wBar > Integer.MAX_VALUE / 4) {
      throw new InvalidImageException(
          Reason.TOO_LARGE, "resized size " + wBar + "x" + hBar + " is out of range");
    }
    return new int[] {(int) hBar, (int) wBar};
  }

  /** Python 3's {@code round(x)} for non-negative x: halves go to the even integer. */
  static long roundHalfEven(double x) {
    return (long) Math.rint(x);
  }
}
