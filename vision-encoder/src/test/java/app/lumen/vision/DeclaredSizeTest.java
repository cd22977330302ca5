package app.lumen.vision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.vision.DeclaredSize.Format;
import app.lumen.vision.InvalidImageException.Reason;
import app.lumen.vision.jvm.ImageIoDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.Test;

/**
 * Headers that declare more pixels than their data can hold are refused before anything is
 * allocated, in every format the decoders read; pictures that compress as well as their format
 * allows (a single colour) pass.
 */
public class DeclaredSizeTest {
  private static final String[] FORMATS = {"png", "jpg", "gif", "bmp"};

  @Test
  public void singleColourPictures_compressedAsFarAsTheirFormatGoes_pass() throws Exception {
    // 12 MP of one colour: the best case of every coder, as a phone could send it.
    BufferedImage plain = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = plain.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 4000, 3000);
    g.dispose();
    for (String format : FORMATS) {
      byte[] data = encode(plain, format);
      DeclaredSize.check(data, 4000, 3000, format); // nothing thrown
    }
    BufferedImage bits = new BufferedImage(4000, 3000, BufferedImage.TYPE_BYTE_BINARY);
    DeclaredSize.check(encode(bits, "png"), 4000, 3000, "1-bit png");
  }

  @Test
  public void aPngHeaderClaiming65535Squared_overA64x48Picture_isRefusedBeforeDecoding() {
    byte[] png = withPngSize(encode(noise(64, 48), "png"), 65535, 65535);

    InvalidImageException e =
        assertThrows(InvalidImageException.class, () -> ImageIoDecoder.header(png, "lie.png"));

    assertEquals(Reason.MALFORMED, e.reason());
    assertEquals(
        "lie.png: the header declares 65535x65535 pixels, more than "
            + png.length
            + " bytes of PNG can hold",
        e.getMessage());
    assertThrows(InvalidImageException.class, () -> ImageIoDecoder.decode(png, "lie.png", null));
  }

  @Test
  public void lyingHeadersOfJpegGifAndBmp_areRefusedToo() {
    assertRefused(withJpegSize(encode(noise(64, 48), "jpg"), 60000, 60000), "JPEG");
    assertRefused(withGifSize(encode(noise(64, 48), "gif"), 65535, 65535), "GIF");
    // The JDK's BMP reader refuses this header itself; other platforms' decoders need not.
    byte[] bmp = encode(noise(64, 48), "bmp");
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class, () -> DeclaredSize.check(bmp, 60000, 60000, "BMP"));
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage(), e.getMessage().endsWith("bytes of BMP can hold"));
  }

  @Test
  public void moreThanTheLimit_isTooLarge_whateverTheData() {
    // 20 kB of PNG could hold 165 MP of one colour: only the limit stands in the way.
    byte[] png = java.util.Arrays.copyOf(encode(noise(64, 48), "png"), 20_000);
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class,
            () -> DeclaredSize.check(png, 12_000, 9_000, 100_000_000L, "big.png"));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage(), e.getMessage().contains("100 megapixels"));
    DeclaredSize.check(png, 64, 48, 3_072, "exactly at the limit");
  }

  @Test
  public void formats_areToldByTheirFirstBytes() {
    assertEquals(Format.PNG, Format.of(encode(noise(2, 2), "png")));
    assertEquals(Format.JPEG, Format.of(encode(noise(2, 2), "jpg")));
    assertEquals(Format.GIF, Format.of(encode(noise(2, 2), "gif")));
    assertEquals(Format.BMP, Format.of(encode(noise(2, 2), "bmp")));
    assertEquals(Format.WEBP, Format.of("RIFF\0\0\0\0WEBPVP8 ".getBytes()));
    assertEquals(Format.OTHER, Format.of(new byte[] {1, 2, 3}));
  }

  private static void assertRefused(byte[] data, String format) {
    InvalidImageException e =
        assertThrows(InvalidImageException.class, () -> ImageIoDecoder.header(data, format));
    assertEquals(format, Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage(), e.getMessage().endsWith("bytes of " + format + " can hold"));
  }

  /** IHDR's width and height replaced, its CRC made right again. */
  private static byte[] withPngSize(byte[] png, int width, int height) {
    byte[] out = png.clone();
    ByteBuffer.wrap(out, 16, 8).putInt(width).putInt(height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17); // "IHDR" and its 13 data bytes
    ByteBuffer.wrap(out, 29, 4).putInt((int) crc.getValue());
    return out;
  }

  /** The first SOFn segment's height and width replaced. */
  private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 9 < out.length; ) {
      int marker = out[i + 1] & 0xFF;
      int length = ((out[i + 2] & 0xFF) << 8) | (out[i + 3] & 0xFF);
      if (marker >= 0xC0 && marker <= 0xC2) {
        ByteBuffer.wrap(out, i + 5, 4).putShort((short) height).putShort((short) width);
        return out;
      }
      i += 2 + length;
    }
    throw new AssertionError("no SOF segment");
  }

  /** The logical screen's and the first image descriptor's sizes replaced (little-endian). */
  private static byte[] withGifSize(byte[] gif, int width, int height) {
    byte[] out = gif.clone();
    putLe16(out, 6, width);
    putLe16(out, 8, height);
    int at = 13;
    if ((out[10] & 0x80) != 0) {
      at += 3 << ((out[10] & 7) + 1); // the global colour table
    }
    while (out[at] == 0x21) { // extensions: label, then sub-blocks up to an empty one
      at += 2;
      while (out[at] != 0) {
        at += (out[at] & 0xFF) + 1;
      }
      at++;
    }
    putLe16(out, at + 5, width); // the image descriptor (0x2C, left, top, width, height)
    putLe16(out, at + 7, height);
    return out;
  }

  /** BITMAPINFOHEADER's width and height replaced (little-endian). */
  private static byte[] withBmpSize(byte[] bmp, int width, int height) {
    byte[] out = bmp.clone();
    putLe32(out, 18, width);
    putLe32(out, 22, height);
    return out;
  }

  private static void putLe16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
  }

  private static void putLe32(byte[] b, int at, int v) {
    putLe16(b, at, v);
    putLe16(b, at + 2, v >> 16);
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    java.util.Random random = new java.util.Random(3);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, format, out)) {
        throw new AssertionError("no " + format + " writer");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
