package app.lumen.vision;

import static java.nio.charset.StandardCharsets.US_ASCII;

import app.lumen.vision.InvalidImageException.Reason;

/**
 * Checks the size an image's header declares against the data that follows, before any pixel buffer
 * is allocated: a header can claim 65535 × 65535 pixels over a few kilobytes, and a decoder that
 * believes it allocates gigabytes or spends minutes filling in missing rows.
 *
 * <p>Each format's compression has a ceiling on how many pixels one byte can stand for; an image
 * whose data is smaller than its declared pixels divided by that ceiling cannot be what the header
 * says, and is refused as {@link Reason#MALFORMED}. The ceilings are generous (the best case of
 * each coder, not a typical file), so no real picture is refused. A declared size above {@link
 * #DEFAULT_MAX_PIXELS} is refused as {@link Reason#TOO_LARGE} whatever the data.
 *
 * <p>Truncated data that passes this check is refused by the decoders (a cut-off JPEG or PNG is
 * {@link Reason#MALFORMED}), never decoded as far as it goes: a half-grey photo would be answered
 * about as if it were whole.
 */
public final class DeclaredSize {
  /** The most pixels a header may declare: 100 megapixels, beyond any phone camera's photos. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private DeclaredSize() {}

  /** The container formats told apart by their first bytes. */
  public enum Format {
    PNG,
    JPEG,
    GIF,
    BMP,
    WEBP,
    OTHER;

    /** The format of data starting with {@code head}. */
    public static Format of(byte[] head) {
      if (starts(head, 0x89, 'P', 'N', 'G')) {
        return PNG;
      }
      if (starts(head, 0xFF, 0xD8, 0xFF)) {
        return JPEG;
      }
      if (starts(head, 'G', 'I', 'F', '8')) {
        return GIF;
      }
      if (starts(head, 'B', 'M')) {
        return BMP;
      }
      if (starts(head, 'R', 'I', 'F', 'F')
          && head.length >= 12
          && new String(head, 8, 4, US_ASCII).equals("WEBP")) {
        return WEBP;
      }
      return OTHER;
    }

    private static boolean starts(byte[] bytes, int... prefix) {
      if (bytes.length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if ((bytes[i] & 0xFF) != prefix[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The most pixels one byte of {@code data} can stand for, in the best case of its coder; 0 when
   * there is no such bound (nothing is checked).
   */
  static long pixelsPerByte(Format format, byte[] data) {
    return switch (format) {
      // Deflate codes 258 bytes in 2 bits at best (1032:1), and a row of 1-bit pixels holds 8 per
      // byte after its filter byte.
      case PNG -> 1032L * 8;
      // At least 1 bit per 8 × 8 block and component: the DC code of a progressive first scan.
      case JPEG -> 64L * 8;
      // An LZW code of at least 1 byte stands for at most 4096 pixels once its table is full.
      case GIF -> 4096L;
      // Uncompressed rows hold at most 8 pixels per byte (1 bit each). Run-length escapes can skip
      // whole rows or end the picture early, so compressed BMPs have no bound.
      case BMP -> data.length >= 34 && isUncompressedBmp(data) ? 8 : 0;
      // Lossy VP8's arithmetic coder spends a fraction of a bit on a skipped macroblock: no bound.
      case WEBP, OTHER -> 0;
    };
  }

  /** {@code BI_RGB} or {@code BI_BITFIELDS} in the BITMAPINFOHEADER's compression field. */
  private static boolean isUncompressedBmp(byte[] data) {
    int compression =
        (data[30] & 0xFF)
            | (data[31] & 0xFF) << 8
            | (data[32] & 0xFF) << 16
            | (data[33] & 0xFF) << 24;
    return compression == 0 || compression == 3;
  }

  /**
   * Refuses a declared {@code width × height} that exceeds {@code maxPixels} or that {@code data}
   * (the whole encoded image, its format read from its first bytes) cannot hold.
   *
   * @param name names the image in the message
   * @throws InvalidImageException {@link Reason#TOO_LARGE} or {@link Reason#MALFORMED}
   */
  public static void check(byte[] data, int width, int height, long maxPixels, String name) {
    Format format = Format.of(data);
    long dataBytes = data.length;
    long pixels = (long) width * height;
    // The lie first: a header that cannot be true says more about the file than its size does.
    long perByte = pixelsPerByte(format, data);
    if (perByte > 0 && pixels > dataBytes * perByte) {
      throw new InvalidImageException(
          Reason.MALFORMED,
          String.format(
              "%s: the header declares %dx%d pixels, more than %d bytes of %s can hold",
              name, width, height, dataBytes, format));
    }
    if (pixels > maxPixels) {
      throw new InvalidImageException(
          Reason.TOO_LARGE,
          String.format(
              "%s: the header declares %dx%d pixels, more than the %d megapixels allowed",
              name, width, height, maxPixels / 1_000_000));
    }
  }

  /** {@link #check} with the {@link #DEFAULT_MAX_PIXELS} limit. */
  public static void check(byte[] data, int width, int height, String name) {
    check(data, width, height, DEFAULT_MAX_PIXELS, name);
  }
}
