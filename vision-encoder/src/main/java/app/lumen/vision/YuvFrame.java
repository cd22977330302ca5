package app.lumen.vision;

import java.nio.ByteBuffer;

/**
 * A camera frame in Android's {@code YUV_420_888} layout (three planes with their own row and pixel
 * strides; chroma at half resolution), converted to an upright {@link RgbImage}. The maths lives
 * here, free of Android types, so it is tested on the JVM; the app's adapter only hands over the
 * planes of an {@code android.media.Image}.
 *
 * <p>Colours use full-range BT.601 (JFIF), what camera {@code YUV_420_888} output carries. Rotation
 * is the clockwise angle that shows the frame upright (CameraX's {@code rotationDegrees}).
 * Stateless and thread-safe.
 */
public final class YuvFrame {
  private YuvFrame() {}

  /** One plane: its bytes (read from position 0 of the buffer), row stride and pixel stride. */
  public record Plane(ByteBuffer buffer, int rowStride, int pixelStride) {}

  /**
   * Converts a {@code width × height} frame rotated by {@code rotationDegrees} (0, 90, 180, 270).
   *
   * @throws IllegalArgumentException for an odd rotation or planes too small for the size
   */
  public static RgbImage toRgb(
      int width, int height, Plane y, Plane u, Plane v, int rotationDegrees) {
    if (rotationDegrees % 90 != 0) {
      throw new IllegalArgumentException(
          "rotation must be a multiple of 90, was " + rotationDegrees);
    }
    int rotation = ((rotationDegrees % 360) + 360) % 360;
    if (width < 1 || height < 1) {
      throw new InvalidImageException(
          InvalidImageException.Reason.EMPTY, "camera frame size " + width + "x" + height);
    }
    check(y, width, height, "Y");
    check(u, (width + 1) / 2, (height + 1) / 2, "U");
    check(v, (width + 1) / 2, (height + 1) / 2, "V");
    boolean swap = rotation == 90 || rotation == 270;
    int outW = swap ? height : width;
    int outH = swap ? width : height;
    byte[] rgb = new byte[outW * outH * 3];
    for (int row = 0; row < height; row++) {
      int yRow = row * y.rowStride();
      int uvRow = (row / 2) * u.rowStride();
      int vRow = (row / 2) * v.rowStride();
      for (int col = 0; col < width; col++) {
        int luma = y.buffer().get(yRow + col * y.pixelStride()) & 0xFF;
        int cb = (u.buffer().get(uvRow + (col / 2) * u.pixelStride()) & 0xFF) - 128;
        int cr = (v.buffer().get(vRow + (col / 2) * v.pixelStride()) & 0xFF) - 128;
        int x;
        int yy;
        switch (rotation) {
          case 90 -> {
            x = height - 1 - row;
            yy = col;
          }
          case 180 -> {
            x = width - 1 - col;
            yy = height - 1 - row;
          }
          case 270 -> {
            x = row;
            yy = width - 1 - col;
          }
          default -> {
            x = col;
            yy = row;
          }
        }
        int o = (yy * outW + x) * 3;
        rgb[o] = clamp(luma + 1.402 * cr);
        rgb[o + 1] = clamp(luma - 0.344136 * cb - 0.714136 * cr);
        rgb[o + 2] = clamp(luma + 1.772 * cb);
      }
    }
    return new RgbImage(outW, outH, rgb);
  }

  private static void check(Plane plane, int w, int h, String name) {
    long needed = (long) (h - 1) * plane.rowStride() + (long) (w - 1) * plane.pixelStride() + 1;
    if (plane.pixelStride() < 1 || plane.rowStride() < 1 || plane.buffer().limit() < needed) {
      throw new IllegalArgumentException(
          name
              + " plane holds "
              + plane.buffer().limit()
              + " bytes with row stride "
              + plane.rowStride()
              + " and pixel stride "
              + plane.pixelStride()
              + "; "
              + needed
              + " needed for "
              + w
              + "x"
              + h);
    }
  }

  private static byte clamp(double value) {
    long v = Math.round(value);
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
