package app.lumen.vision.internal;

/**
 * Finds the EXIF Orientation tag (0x0112) in a JPEG's APP1 segment or a PNG's {@code eXIf} chunk.
 * Only IFD0 is read; anything malformed means "no orientation" (a picture with a broken EXIF block
 * is still a picture).
 */
public final class ExifOrientationReader {
  private static final int ORIENTATION_TAG = 0x0112;

  private ExifOrientationReader() {}

  /** The orientation stored in {@code file}'s bytes, {@link Orientation#NORMAL} when none. */
  public static Orientation read(byte[] file) {
    try {
      if (file.length > 4 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xFF) == 0xD8) {
        return Orientation.ofExif(fromJpeg(file));
      }
      if (file.length > 8 && (file[0] & 0xFF) == 0x89 && file[1] == 'P' && file[2] == 'N') {
        return Orientation.ofExif(fromPng(file));
      }
    } catch (IndexOutOfBoundsException e) {
      // A cut-off metadata block: the decoder will report the file itself if it is broken.
    }
    return Orientation.NORMAL;
  }

  private static int fromJpeg(byte[] b) {
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return 1;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // image data starts: metadata segments come before it
      }
      int length = u16(b, i + 2, true);
      int body = i + 4;
      if (marker == 0xE1
          && length >= 8
          && b[body] == 'E'
          && b[body + 1] == 'x'
          && b[body + 2] == 'i'
          && b[body + 3] == 'f'
          && b[body + 4] == 0
          && b[body + 5] == 0) {
        int value = fromTiff(b, body + 6, i + 2 + length);
        if (value > 0) {
          return value;
        }
      }
      i += 2 + length;
    }
    return 1;
  }

  private static int fromPng(byte[] b) {
    int i = 8;
    while (i + 12 <= b.length) {
      int length = (int) u32(b, i, true);
      if (length < 0) {
        return 1;
      }
      String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (type.equals("eXIf")) {
        return fromTiff(b, i + 8, i + 8 + length);
      }
      if (type.equals("IDAT") || type.equals("IEND")) {
        return 1; // eXIf must come before the image data to be honoured
      }
      i += 12 + length;
    }
    return 1;
  }

  /** The orientation in the TIFF structure at {@code [start, end)}, or 0. */
  private static int fromTiff(byte[] b, int start, int end) {
    boolean bigEndian;
    if (b[start] == 'M' && b[start + 1] == 'M') {
      bigEndian = true;
    } else if (b[start] == 'I' && b[start + 1] == 'I') {
      bigEndian = false;
    } else {
      return 0;
    }
    if (u16(b, start + 2, bigEndian) != 42) {
      return 0;
    }
    long ifd = u32(b, start + 4, bigEndian);
    int at = start + (int) ifd;
    if (ifd < 8 || at + 2 > end) {
      return 0;
    }
    int count = u16(b, at, bigEndian);
    for (int e = 0; e < count; e++) {
      int entry = at + 2 + e * 12;
      if (entry + 12 > end) {
        return 0;
      }
      if (u16(b, entry, bigEndian) == ORIENTATION_TAG && u16(b, entry + 2, bigEndian) == 3) {
        return u16(b, entry + 8, bigEndian);
      }
    }
    return 0;
  }

  private static int u16(byte[] b, int at, boolean bigEndian) {
    int x = b[at] & 0xFF;
    int y = b[at + 1] & 0xFF;
    return bigEndian ? (x << 8) | y : (y << 8) | x;
  }

  private static long u32(byte[] b, int at, boolean bigEndian) {
    long value = 0;
    for (int k = 0; k < 4; k++) {
      int v = b[bigEndian ? at + k : at + 3 - k] & 0xFF;
      value = (value << 8) | v;
    }
    return value;
  }
}
