package app.lumen.vision.android;

import android.graphics.Bitmap;
import android.graphics.ImageDecoder;
import android.util.Size;
import app.lumen.inference.ImageInput;
import app.lumen.inference.vision.VisionModel;
import app.lumen.vision.AlphaComposite;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.RgbImage;
import app.lumen.vision.Subsampling;
import app.lumen.vision.TokenBudget;
import java.io.IOException;

/**
 * Android pictures as the vision path's {@link RgbImage}: a {@link Bitmap}, or a file/content URI
 * decoded with {@link ImageDecoder}, which applies the EXIF orientation itself and decodes straight
 * to a smaller size when the plan needs fewer pixels (so a 50 MP photo never lands in memory at
 * full size).
 *
 * <p>Stateless and thread-safe; decode off the main thread.
 */
public final class BitmapImages {
  /** The largest decode: Qwen3-VL's largest processor input. */
  private static final long MAX_DECODED_PIXELS = 16_777_216L;

  private BitmapImages() {}

  /** Plans a picture from its upright size, before pixels are decoded. */
  public interface Planner {
    ImagePlan plan(int width, int height);
  }

  /** A decoded picture (possibly smaller than the original) and the plan made for the original. */
  public record Decoded(RgbImage image, ImagePlan plan) {}

  /**
   * Decodes {@code source} upright at the size {@code planner}'s plan needs.
   *
   * @throws InvalidImageException when the data is not a picture this device decodes, or the plan
   *     refuses its size
   * @throws IOException when the source cannot be read
   */
  public static Decoded decode(ImageDecoder.Source source, Planner planner) throws IOException {
    ImagePlan[] plan = new ImagePlan[1];
    Bitmap bitmap;
    try {
      bitmap =
          ImageDecoder.decodeBitmap(
              source,
              (decoder, info, src) -> {
                Size size = info.getSize();
                plan[0] = planner.plan(size.getWidth(), size.getHeight());
                int s =
                    Subsampling.choose(
                        size.getWidth(),
                        size.getHeight(),
                        plan[0].resizedWidth(),
                        plan[0].resizedHeight(),
                        MAX_DECODED_PIXELS);
                if (s > 1) {
                  decoder.setTargetSize(
                      (size.getWidth() + s - 1) / s, (size.getHeight() + s - 1) / s);
                }
                decoder.setAllocator(ImageDecoder.ALLOCATOR_SOFTWARE);
              });
    } catch (ImageDecoder.DecodeException e) {
      // The platform reports unknown formats and corrupt data alike (SOURCE_MALFORMED_DATA).
      throw new InvalidImageException(
          InvalidImageException.Reason.MALFORMED,
          "cannot decode the picture: " + e.getMessage(),
          e);
    }
    try {
      ImagePlan planned = plan[0];
      boolean plannedLandscape = planned.sourceWidth() > planned.sourceHeight();
      boolean decodedLandscape = bitmap.getWidth() > bitmap.getHeight();
      if (planned.sourceWidth() != planned.sourceHeight() && plannedLandscape != decodedLandscape) {
        // The header size was the stored one and the decoder then turned the picture upright:
        // plan the upright size, so the resize keeps the aspect ratio.
        planned = planner.plan(planned.sourceHeight(), planned.sourceWidth());
      }
      return new Decoded(fromBitmap(bitmap), planned);
    } finally {
      bitmap.recycle();
    }
  }

  /**
   * {@code source} as a chat message part of {@code vision}'s model: planned from its header within
   * {@code budget} (null: the package's bounds), decoded at the size the plan needs, resized.
   */
  public static ImageInput input(VisionModel vision, ImageDecoder.Source source, TokenBudget budget)
      throws IOException {
    Decoded decoded = decode(source, (width, height) -> vision.plan(width, height, budget));
    return vision.image(decoded.image(), decoded.plan());
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
    for (int y = 0, o = 0; y < h; y++) {
      // getPixels returns straight (not premultiplied) ARGB.
      argb.getPixels(row, 0, w, 0, y, w, 1);
      for (int x = 0; x < w; x++, o += 3) {
        int c = row[x];
        int r = (c >> 16) & 0xFF;
        int g = (c >> 8) & 0xFF;
        int b = c & 0xFF;
        if (alpha) {
          int a = c >>> 24;
          r = AlphaComposite.overWhite(r, a);
          g = AlphaComposite.overWhite(g, a);
          b = AlphaComposite.overWhite(b, a);
        }
        rgb[o] = (byte) r;
        rgb[o + 1] = (byte) g;
        rgb[o + 2] = (byte) b;
      }
    }
    if (argb != bitmap) {
      argb.recycle();
    }
    return new RgbImage(w, h, rgb);
  }
}
