package app.lumen.vision;

/**
 * A decoded picture: {@code width × height} pixels, packed row-major as R, G, B bytes (no alpha, no
 * padding). The neutral image type of the vision path: adapters turn files, Android bitmaps and
 * camera frames into one.
 *
 * <p>Immutable by convention: the array is not copied (pictures are large), so callers must not
 * change it after construction. Thread-safe when not mutated.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param rgb {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width < 1 || height < 1) {
      throw new InvalidImageException(
          InvalidImageException.Reason.EMPTY,
          "image size must be positive, was " + width + "x" + height);
    }
    if (rgb == null || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "rgb must hold "
              + ((long) width * height * 3)
              + " bytes for "
              + width
              + "x"
              + height
              + ", was "
              + (rgb == null ? "null" : rgb.length));
    }
  }

  /** Red, green or blue ({@code channel} 0..2) of the pixel at ({@code x}, {@code y}), 0..255. */
  public int channel(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xFF;
  }

  /** A short description for messages (the pixel array is not printed). */
  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
