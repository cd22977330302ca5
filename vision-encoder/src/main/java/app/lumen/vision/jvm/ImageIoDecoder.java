package app.lumen.vision.jvm;

import app.lumen.vision.AlphaComposite;
import app.lumen.vision.DeclaredSize;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImageSource;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.InvalidImageException.Reason;
import app.lumen.vision.RgbImage;
import app.lumen.vision.Subsampling;
import app.lumen.vision.internal.ExifOrientationReader;
import app.lumen.vision.internal.Orientation;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files on the desktop JVM with {@code javax.imageio} (JPEG, PNG, GIF, BMP, and WebP
 * where an installed plugin reads it) into upright {@link RgbImage}s: the EXIF orientation is
 * applied, transparent pixels are composited over white (as Hugging Face's {@code convert_to_rgb}
 * does) and grey levels are copied to all three channels. Large pictures are decoded with
 * subsampling chosen from the plan, so the full-resolution pixels are never held in memory.
 *
 * <p>Not for Android (which has no {@code javax.imageio}); stateless and thread-safe.
 *
 * <p>Errors: {@link InvalidImageException} with {@link Reason#EMPTY} (no bytes, zero size), {@link
 * Reason#UNSUPPORTED_FORMAT} (no decoder recognises the bytes), {@link Reason#MALFORMED} (truncated
 * or corrupt data); {@link IOException} when the file cannot be read.
 */
@DesktopOnly
public final class ImageIoDecoder {
  /**
   * The most pixels decoded at once: Qwen3-VL's largest processor input (16,777,216 pixels), so a
   * picture is never decoded beyond what any plan could use.
   */
  public static final long MAX_DECODED_PIXELS = Subsampling.MAX_DECODED_PIXELS;

  private ImageIoDecoder() {}

  /** Size and orientation of an image file, read from its header without decoding pixels. */
  public record Header(int width, int height, Orientation orientation, String format) {
    /** Width as shown upright. */
    public int uprightWidth() {
      return orientation.swapsSides() ? height : width;
    }

    /** Height as shown upright. */
    public int uprightHeight() {
      return orientation.swapsSides() ? width : height;
    }
  }

  /** Reads {@code file}'s header. */
  public static Header header(Path file) throws IOException {
    byte[] bytes = readAll(file);
    return header(bytes, file.toString());
  }

  /** Reads the header of an encoded image; {@code name} names it in errors. */
  public static Header header(byte[] bytes, String name) {
    checkNotEmpty(bytes, name);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = readerFor(in, name);
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        DeclaredSize.check(bytes, w, h, name);
        return new Header(w, h, ExifOrientationReader.read(bytes), reader.getFormatName());
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw rethrow(e, name);
    }
  }

  /**
   * Decodes {@code file} upright at full resolution (subsampled only beyond {@link
   * #MAX_DECODED_PIXELS}).
   */
  public static RgbImage decode(Path file) throws IOException {
    return decode(readAll(file), file.toString(), null);
  }

  /** Decodes {@code file} upright, subsampled as far as {@code plan}'s resized size allows. */
  public static RgbImage decode(Path file, ImagePlan plan) throws IOException {
    return decode(readAll(file), file.toString(), plan);
  }

  /**
   * Decodes an encoded image upright; {@code plan} (may be null: full resolution) bounds the
   * subsampling.
   */
  public static RgbImage decode(byte[] bytes, String name, ImagePlan plan) {
    return read(bytes, name, (w, h, orientation) -> subsampling(w, h, orientation, plan));
  }

  /**
   * {@code file} as an {@link ImageSource}: read when decoded, its upright size told before its
   * pixels are decoded. Errors name the file, those of the subsampling choice included.
   */
  public static ImageSource source(Path file) {
    return choice -> source(readAll(file), file.toString()).decode(choice);
  }

  /** Encoded image bytes as an {@link ImageSource}; {@code name} names them in errors. */
  public static ImageSource source(byte[] bytes, String name) {
    return choice ->
        read(
            bytes,
            name,
            (w, h, orientation) -> {
              int uprightW = orientation.swapsSides() ? h : w;
              int uprightH = orientation.swapsSides() ? w : h;
              try {
                return choice.factor(uprightW, uprightH);
              } catch (InvalidImageException e) {
                throw new InvalidImageException(e.reason(), name + ": " + e.getMessage(), e);
              }
            });
  }

  /** The subsampling factor for a picture stored {@code width × height}. */
  private interface Sizing {
    int factor(int width, int height, Orientation orientation);
  }

  private static RgbImage read(byte[] bytes, String name, Sizing sizing) {
    checkNotEmpty(bytes, name);
    Orientation orientation = ExifOrientationReader.read(bytes);
    List<String> warnings = new ArrayList<>();
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = readerFor(in, name);
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w < 1 || h < 1) {
          throw new InvalidImageException(Reason.EMPTY, name + ": image size is " + w + "x" + h);
        }
        DeclaredSize.check(bytes, w, h, name);
        int s = sizing.factor(w, h, orientation);
        ImageReadParam param = reader.getDefaultReadParam();
        if (s > 1) {
          param.setSourceSubsampling(s, s, 0, 0);
        }
        image = reader.read(0, param);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw rethrow(e, name);
    }
    if (!warnings.isEmpty()) {
      // ImageIO fills a cut-off JPEG with grey and only warns; Pillow refuses such files.
      throw new InvalidImageException(Reason.MALFORMED, name + ": " + warnings.get(0));
    }
    return orientation.apply(toRgb(image, name));
  }

  private static int subsampling(int w, int h, Orientation orientation, ImagePlan plan) {
    if (plan == null) {
      return Subsampling.choose(w, h, w, h, MAX_DECODED_PIXELS);
    }
    int targetW = orientation.swapsSides() ? plan.resizedHeight() : plan.resizedWidth();
    int targetH = orientation.swapsSides() ? plan.resizedWidth() : plan.resizedHeight();
    return Subsampling.choose(w, h, targetW, targetH, MAX_DECODED_PIXELS);
  }

  /**
   * Converts any decoded {@link BufferedImage} to packed RGB; pixels with alpha are composited over
   * white as Hugging Face's {@code convert_to_rgb} does.
   */
  static RgbImage toRgb(BufferedImage image, String name) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    boolean bytes = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE;
    boolean component = image.getColorModel() instanceof ComponentColorModel;
    boolean alpha = image.getColorModel().hasAlpha();
    boolean premultiplied = image.getColorModel().isAlphaPremultiplied();
    if (component
        && bytes
        && !premultiplied
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && raster.getParent() == null
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0) {
      copyInterleaved(
          ((DataBufferByte) raster.getDataBuffer()).getData(), sm, w, h, bands, alpha, rgb);
    } else if (component && bands <= 2 && !premultiplied) {
      // Grey (with or without alpha): the level itself on every channel, no colour-space maths.
      int[] row = new int[w * bands];
      int bits = raster.getSampleModel().getSampleSize(0);
      for (int y = 0, o = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++, o += 3) {
          int v = scaleTo8(row[x * bands], bits);
          if (alpha) {
            v = AlphaComposite.overWhite(v, scaleTo8(row[x * bands + 1], bits));
          }
          rgb[o] = rgb[o + 1] = rgb[o + 2] = (byte) v;
        }
      }
    } else {
      // Palettes, packed pixels, 16-bit and premultiplied colour: getRGB gives straight sRGB ARGB.
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        AlphaComposite.argbToRgb(row, w, alpha, rgb, y * w * 3);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static void copyInterleaved(
      byte[] data,
      PixelInterleavedSampleModel sm,
      int w,
      int h,
      int bands,
      boolean alpha,
      byte[] rgb) {
    int[] offsets = sm.getBandOffsets();
    int pixelStride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    boolean grey = bands <= 2;
    int r = offsets[0];
    int g = grey ? offsets[0] : offsets[1];
    int b = grey ? offsets[0] : offsets[2];
    int a = offsets[bands - 1];
    for (int y = 0, o = 0; y < h; y++) {
      int p = y * scanline;
      for (int x = 0; x < w; x++, p += pixelStride, o += 3) {
        if (alpha) {
          int opacity = data[p + a] & 0xFF;
          rgb[o] = (byte) AlphaComposite.overWhite(data[p + r] & 0xFF, opacity);
          rgb[o + 1] = (byte) AlphaComposite.overWhite(data[p + g] & 0xFF, opacity);
          rgb[o + 2] = (byte) AlphaComposite.overWhite(data[p + b] & 0xFF, opacity);
        } else {
          rgb[o] = data[p + r];
          rgb[o + 1] = data[p + g];
          rgb[o + 2] = data[p + b];
        }
      }
    }
  }

  private static int scaleTo8(int value, int bits) {
    if (bits == 8) {
      return value;
    }
    return bits > 8 ? value >> (bits - 8) : value * 255 / ((1 << bits) - 1);
  }

  private static ImageReader readerFor(ImageInputStream in, String name) {
    if (in == null) {
      throw new InvalidImageException(Reason.UNSUPPORTED_FORMAT, name + ": cannot be read");
    }
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new InvalidImageException(
          Reason.UNSUPPORTED_FORMAT,
          name + ": not an image this decoder reads (JPEG, PNG, GIF, BMP expected)");
    }
    return readers.next();
  }

  private static void checkNotEmpty(byte[] bytes, String name) {
    if (bytes.length == 0) {
      throw new InvalidImageException(Reason.EMPTY, name + ": the file is empty");
    }
    if (isPng(bytes) && bytes.length >= 24 && (u32(bytes, 16) == 0 || u32(bytes, 20) == 0)) {
      throw new InvalidImageException(
          Reason.EMPTY,
          name + ": PNG header says " + u32(bytes, 16) + "x" + u32(bytes, 20) + " pixels");
    }
  }

  private static boolean isPng(byte[] b) {
    return b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  private static long u32(byte[] b, int at) {
    return ((long) (b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static InvalidImageException rethrow(Exception e, String name) {
    if (e instanceof InvalidImageException invalid) {
      return invalid;
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (detail.startsWith("Unsupported")) {
      // e.g. CMYK or YCCK JPEGs, which the JDK's decoder does not convert
      return new InvalidImageException(
          Reason.UNSUPPORTED_FORMAT, name + ": not decodable here: " + detail, e);
    }
    return new InvalidImageException(Reason.MALFORMED, name + ": corrupt image data: " + detail, e);
  }

  private static byte[] readAll(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
  }
}
