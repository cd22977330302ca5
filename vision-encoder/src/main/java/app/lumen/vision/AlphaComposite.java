package app.lumen.vision;

/**
 * Transparent pixels as the Qwen-VL processor sees them: Hugging Face's {@code convert_to_rgb}
 * composites an image with alpha over opaque white ({@code Image.alpha_composite}), so a logo on a
 * transparent background reaches the model on white, not on whatever colour its invisible pixels
 * store. This is Pillow's integer arithmetic for that case (7 fraction bits, rounding division by
 * 255), so the result equals Pillow's byte for byte.
 *
 * <p>Stateless.
 */
public final class AlphaComposite {
  private static final int PRECISION_BITS = 7;

  private AlphaComposite() {}

  /** One colour channel (0..255, not premultiplied) with alpha (0..255) over white. */
  public static int overWhite(int channel, int alpha) {
    if (alpha == 0) {
      return 255;
    }
    // Pillow: coef1 = a·255·255·2^7 / outA255, outA255 = 255·255 over an opaque background.
    int coef1 = alpha << PRECISION_BITS;
    int coef2 = (255 << PRECISION_BITS) - coef1;
    int tmp = channel * coef1 + 255 * coef2 + (0x80 << PRECISION_BITS);
    return (((tmp >> 8) + tmp) >> 8) >> PRECISION_BITS;
  }

  /**
   * Packs {@code count} straight (not premultiplied) ARGB pixels into {@code rgb} from {@code
   * offset}, compositing them over white when {@code alpha} (the picture has an alpha channel).
   */
  public static void argbToRgb(int[] argb, int count, boolean alpha, byte[] rgb, int offset) {
    for (int x = 0, o = offset; x < count; x++, o += 3) {
      int c = argb[x];
      int r = (c >> 16) & 0xFF;
      int g = (c >> 8) & 0xFF;
      int b = c & 0xFF;
      if (alpha) {
        int a = c >>> 24;
        r = overWhite(r, a);
        g = overWhite(g, a);
        b = overWhite(b, a);
      }
      rgb[o] = (byte) r;
      rgb[o + 1] = (byte) g;
      rgb[o + 2] = (byte) b;
    }
  }
}
