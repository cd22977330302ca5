package app.lumen.app.images;

import android.graphics.Bitmap;
import android.graphics.ImageDecoder;
import android.util.Size;
import app.lumen.vision.AlphaComposite;
import app.lumen.vision.DeclaredSize;
import app.lumen.vision.ImageSource;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.RgbImage;
import java.nio.ByteBuffer;

/**
 * Android pictures as the vision path's {@link RgbImage}: a {@link Bitmap}, or a file/content URI
 * decoded with {@link ImageDecoder} as an {@link ImageSource}. The decoder applies the EXIF
 * orientation itself and decodes straight to a smaller size when the plan needs fewer pixels (so a
 * 50 MP photo never lands in memory at full size).
 *
 * <p>Stateless and thread-safe; decode off the main thread.
 */
public final class BitmapImages {
  private BitmapImages() {}

  /**
   * {@code source} as an {@link ImageSource}: its size comes from the decoder's header callback,
   * where the subsampling becomes the decoder's target size.
   *
   * <p>Errors: {@link InvalidImageException} when the data is not a picture this device decodes
   * (the platform reports unknown formats and corrupt data alike); {@link java.io.IOException} when
   * the source cannot be read.
   */
  public static ImageSource source(ImageDecoder.Source source) {
    return source(source, (width, height) -> {});
  }

  /**
   * Encoded picture {@code bytes} as an {@link ImageSource}, whose header is believed only as far
   * as the bytes can hold it ({@link DeclaredSize}): a lying header is refused before the decoder
   * allocates anything.
   */
  public static ImageSource source(byte[] bytes, String name) {
    return source(
        ImageDecoder.createSource(ByteBuffer.wrap(bytes)),
        (width, height) -> DeclaredSize.check(bytes, width, height, name));
  }

  /** What to check of the declared size before decoding; throws to refuse it. */
  private interface HeaderCheck {
    void check(int width, int height);
  }

  private static ImageSource source(ImageDecoder.Source source, HeaderCheck headerCheck) {
    return choice -> {
      Bitmap bitmap;
      try {
        bitmap =
            ImageDecoder.decodeBitmap(
                source,
                (decoder, info, src) -> {
                  Size size = info.getSize();
                  headerCheck.check(size.getWidth(), size.getHeight());
                  int s = choice.factor(size.getWidth(), size.getHeight());
                  if (s > 1) {
                    decoder.setTargetSize(
                        (size.getWidth() + s - 1) / s, (size.getHeight() + s - 1) / s);
                  }
                  decoder.setAllocator(ImageDecoder.ALLOCATOR_SOFTWARE);
                });
      } catch (ImageDecoder.DecodeException e) {
        throw new InvalidImageException(
            InvalidImageException.Reason.MALFORMED,
            "cannot decode the picture: " + e.getMessage(),
            e);
      }
      try {
        return fromBitmap(bitmap);
      } finally {
        bitmap.recycle();
      }
    };
  }

  /**
   * The pixels of {@code bitmap} as packed RGB; transparent pixels are composited over white, as
   * Hugging Face's {@code convert_to_rgb} does.
   */
  public static RgbImage fromBitmap(Bitmap bitmap) {
    Bitmap argb = bitmap;
    if (bitmap.getConfig() != Bitmap.Config.ARGB_8888) {
      // Hardware, RGB_565 and F16 bitmaps: read through a software ARGB copy.
      argb = bitmap.copy(Bitmap.Config.ARGB_8888, false);
      if (argb == null) {
        throw new InvalidImageException(
            InvalidImageException.Reason.UNSUPPORTED_FORMAT,
            "bitmap of config " + bitmap.getConfig() + " cannot be read");
      }
    }
    int w = argb.getWidth();
    int h = argb.getHeight();
    byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    int[] row = new int[w];
    boolean alpha = argb.hasAlpha();
    for (int y = 0; y < h; y++) {
      // getPixels returns straight (not premultiplied) ARGB.
      argb.getPixels(row, 0, w, 0, y, w, 1);
      AlphaComposite.argbToRgb(row, w, alpha, rgb, y * w * 3);
    }
    if (argb != bitmap) {
      argb.recycle();
    }
    return new RgbImage(w, h, rgb);
  }
}
