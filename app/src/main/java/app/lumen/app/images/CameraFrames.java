package app.lumen.app.images;

import android.graphics.ImageFormat;
import android.media.Image;
import app.lumen.vision.RgbImage;
import app.lumen.vision.YuvFrame;

/**
 * Camera frames ({@link Image} in {@code YUV_420_888}, as CameraX's image analysis and capture
 * deliver them) as upright {@link RgbImage}s. The conversion itself is {@link YuvFrame} (pure Java,
 * tested on the JVM); this class only hands over the planes and their strides.
 *
 * <p>Stateless and thread-safe; the caller keeps and closes the {@link Image}.
 */
public final class CameraFrames {
  private CameraFrames() {}

  /**
   * Converts {@code image}, turning it {@code rotationDegrees} clockwise (CameraX's {@code
   * ImageInfo.getRotationDegrees()}) so that it shows upright.
   *
   * @throws IllegalArgumentException when the frame is not {@code YUV_420_888}
   */
  public static RgbImage toRgb(Image image, int rotationDegrees) {
    if (image.getFormat() != ImageFormat.YUV_420_888) {
      throw new IllegalArgumentException(
          "camera frame format " + image.getFormat() + "; YUV_420_888 expected");
    }
    Image.Plane[] planes = image.getPlanes();
    return YuvFrame.toRgb(
        image.getWidth(),
        image.getHeight(),
        plane(planes[0]),
        plane(planes[1]),
        plane(planes[2]),
        rotationDegrees);
  }

  private static YuvFrame.Plane plane(Image.Plane plane) {
    return new YuvFrame.Plane(plane.getBuffer(), plane.getRowStride(), plane.getPixelStride());
  }
}
