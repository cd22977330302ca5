package app.lumen.vision.internal;

import app.lumen.vision.RgbImage;

/**
 * The eight EXIF orientations (TIFF tag 0x0112) and the transform that shows a stored picture
 * upright, as Pillow's {@code ImageOps.exif_transpose} applies them.
 */
public enum Orientation {
  NORMAL(1),
  MIRROR_HORIZONTAL(2),
  ROTATE_180(3),
  MIRROR_VERTICAL(4),
  TRANSPOSE(5),
  ROTATE_90_CW(6),
  TRANSVERSE(7),
  ROTATE_270_CW(8);

  private final int exifValue;

  Orientation(int exifValue) {
    this.exifValue = exifValue;
  }

  public int exifValue() {
    return exifValue;
  }

  /** The orientation of EXIF value {@code value}; unknown values mean {@link #NORMAL}. */
  public static Orientation ofExif(int value) {
    for (Orientation o : values()) {
      if (o.exifValue == value) {
        return o;
      }
    }
    return NORMAL;
  }

  /** Whether showing the picture upright swaps its width and height. */
  public boolean swapsSides() {
    return exifValue >= 5;
  }

  /** {@code image} shown upright. */
  public RgbImage apply(RgbImage image) {
    if (this == NORMAL) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    int outW = swapsSides() ? h : w;
    int outH = swapsSides() ? w : h;
    byte[] in = image.rgb();
    byte[] out = new byte[in.length];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++, o += 3) {
        int sx;
        int sy;
        switch (this) {
          case MIRROR_HORIZONTAL -> {
            sx = w - 1 - x;
            sy = y;
          }
          case ROTATE_180 -> {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
          case MIRROR_VERTICAL -> {
            sx = x;
            sy = h - 1 - y;
          }
          case TRANSPOSE -> {
            sx = y;
            sy = x;
          }
          case ROTATE_90_CW -> {
            sx = y;
            sy = h - 1 - x;
          }
          case TRANSVERSE -> {
            sx = w - 1 - y;
            sy = h - 1 - x;
          }
          case ROTATE_270_CW -> {
            sx = w - 1 - y;
            sy = x;
          }
          default -> throw new AssertionError(this);
        }
        int s = (sy * w + sx) * 3;
        out[o] = in[s];
        out[o + 1] = in[s + 1];
        out[o + 2] = in[s + 2];
      }
    }
    return new RgbImage(outW, outH, out);
  }
}
