package app.lumen.vision.jvm;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.InvalidImageException.Reason;
import app.lumen.vision.PlannedImage;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TestImages;
import app.lumen.vision.TokenBudget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.Test;

public class ImageIoDecoderTest {

  @Test
  public void exifOrientations_matchPillowExifTranspose() throws Exception {
    for (int orientation = 1; orientation <= 8; orientation++) {
      RgbImage actual = TestImages.png("exif-" + orientation + ".png");
      RgbImage expected = TestImages.png("exif-" + orientation + "-upright.png");
      assertEquals("orientation " + orientation, expected.width(), actual.width());
      assertEquals("orientation " + orientation, expected.height(), actual.height());
      assertArrayEquals("orientation " + orientation, expected.rgb(), actual.rgb());
    }
    // 24x16 stored; orientations 5..8 are shown 16x24.
    assertEquals(16, TestImages.png("exif-6.png").width());
  }

  @Test
  public void transparentPixels_areCompositedOverWhiteAsHuggingFaceDoes() throws Exception {
    RgbImage actual = TestImages.png("alpha.png");
    RgbImage expected = TestImages.png("alpha-over-white.png");
    assertArrayEquals(expected.rgb(), actual.rgb());
    // The first column is fully transparent: white whatever its stored colour.
    assertEquals(255, actual.channel(0, 0, 0));
    assertEquals(255, actual.channel(0, 5, 2));
  }

  @Test
  public void jpegRotated90_cornersLandWhereTheCameraMeant() throws Exception {
    // Stored 64x32: left half red, right half blue. Orientation 6 (rotate 90 clockwise) shows it
    // 32x64 with red on top and blue at the bottom.
    BufferedImage stored = new BufferedImage(64, 32, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 64; x++) {
        stored.setRGB(x, y, x < 32 ? 0xFF0000 : 0x0000FF);
      }
    }
    byte[] jpeg = withOrientation(encode(stored, "jpg"), 6);
    RgbImage upright = ImageIoDecoder.decode(jpeg, "rotated.jpg", null);
    assertEquals(32, upright.width());
    assertEquals(64, upright.height());
    assertTrue(upright.channel(16, 8, 0) > 200 && upright.channel(16, 8, 2) < 60);
    assertTrue(upright.channel(16, 56, 2) > 200 && upright.channel(16, 56, 0) < 60);
    ImageIoDecoder.Header header = ImageIoDecoder.header(jpeg, "rotated.jpg");
    assertEquals(64, header.width());
    assertEquals(32, header.uprightWidth());
  }

  @Test
  public void truncatedJpeg_isMalformed() throws Exception {
    byte[] jpeg = encode(noise(200, 150), "jpg");
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class, () -> ImageIoDecoder.decode(cut, "cut.jpg", null));
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage(), e.getMessage().startsWith("cut.jpg: "));
  }

  @Test
  public void zeroSizePng_isEmpty() throws Exception {
    byte[] png = encode(noise(4, 4), "png");
    // IHDR width (bytes 16..19) set to 0; the CRC no longer matters: the size is checked first.
    png[16] = png[17] = png[18] = png[19] = 0;
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class, () -> ImageIoDecoder.decode(png, "zero.png", null));
    assertEquals(Reason.EMPTY, e.reason());
    InvalidImageException empty =
        assertThrows(
            InvalidImageException.class,
            () -> ImageIoDecoder.decode(new byte[0], "empty.png", null));
    assertEquals(Reason.EMPTY, empty.reason());
  }

  @Test
  public void randomBytes_areAnUnsupportedFormat() {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    junk[0] = 0x12; // not a JPEG/PNG/GIF/BMP signature
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class, () -> ImageIoDecoder.decode(junk, "junk.bin", null));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
  }

  @Test
  public void oneByHundredThousandPixels_decodesButIsRefusedByThePlan() throws Exception {
    byte[] png = encode(new BufferedImage(100_000, 1, BufferedImage.TYPE_3BYTE_BGR), "png");
    RgbImage image = ImageIoDecoder.decode(png, "line.png", null);
    assertEquals(100_000, image.width());
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class, () -> processor.plan(image.width(), image.height()));
    assertEquals(Reason.ASPECT_RATIO, e.reason());
  }

  @Test
  public void largePicture_isDecodedSubsampledForASmallPlan() throws Exception {
    byte[] jpeg = encode(noise(2400, 1800), "jpg");
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    ImagePlan plan = processor.plan(2400, 1800, TokenBudget.LOW);
    // 64 tokens: 288x224 (beta = sqrt(4.32e6/65536)); keep 2x per side -> factor 4 -> 600x450
    assertEquals(288, plan.resizedWidth());
    RgbImage decoded = ImageIoDecoder.decode(jpeg, "big.jpg", plan);
    assertEquals(600, decoded.width());
    assertEquals(450, decoded.height());
    assertEquals(plan.patches() * 1536, processor.preprocess(decoded, plan).pixelValues().length);
    // Without a plan the whole picture is decoded.
    assertEquals(2400, ImageIoDecoder.decode(jpeg, "big.jpg", null).width());
  }

  @Test
  public void plannedSource_decodesLargePictureSubsampledForItsPlan() throws Exception {
    byte[] jpeg = encode(noise(2400, 1800), "jpg");
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    PlannedImage planned =
        PlannedImage.decode(
            ImageIoDecoder.source(jpeg, "big.jpg"),
            (w, h) -> processor.plan(w, h, TokenBudget.LOW));
    assertEquals(2400, planned.plan().sourceWidth());
    assertEquals(288, planned.plan().resizedWidth());
    // The same factor as decoding with the plan directly: 4, so 600x450.
    assertEquals(600, planned.image().width());
    assertEquals(450, planned.image().height());
  }

  @Test
  public void plannedSource_rotatedJpeg_isPlannedAtItsUprightSize() throws Exception {
    byte[] jpeg = withOrientation(encode(noise(640, 320), "jpg"), 6);
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    PlannedImage planned =
        PlannedImage.decode(
            ImageIoDecoder.source(jpeg, "rotated.jpg"),
            (w, h) -> processor.plan(w, h, TokenBudget.LOW));
    assertEquals(320, planned.plan().sourceWidth());
    assertEquals(640, planned.plan().sourceHeight());
    assertTrue(planned.image().height() > planned.image().width());
    assertTrue(planned.plan().resizedHeight() > planned.plan().resizedWidth());
  }

  @Test
  public void plannedSource_sizeThePlanRefuses_namesTheFile() throws Exception {
    byte[] png = encode(noise(1000, 2), "png");
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    InvalidImageException e =
        assertThrows(
            InvalidImageException.class,
            () ->
                PlannedImage.decode(
                    ImageIoDecoder.source(png, "strip.png"), (w, h) -> processor.plan(w, h, null)));
    assertEquals(Reason.ASPECT_RATIO, e.reason());
    assertTrue(e.getMessage(), e.getMessage().startsWith("strip.png: "));
  }

  @Test
  public void fiftyMegapixelPhoto_neverHoldsItsFullPixels() throws Exception {
    // 8160x6120 (50 MP): full RGB would be 150 MB. A plain grey JPEG encodes quickly.
    BufferedImage huge = new BufferedImage(8160, 6120, BufferedImage.TYPE_BYTE_GRAY);
    byte[] jpeg = encode(huge, "jpg");
    huge = null;
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    ImageIoDecoder.Header header = ImageIoDecoder.header(jpeg, "huge.jpg");
    for (TokenBudget budget : TokenBudget.presets()) {
      ImagePlan plan = processor.plan(header.uprightWidth(), header.uprightHeight(), budget);
      RgbImage decoded = ImageIoDecoder.decode(jpeg, "huge.jpg", plan);
      long bytes = (long) decoded.width() * decoded.height() * 3;
      assertTrue(budget + ": " + decoded, bytes <= 50_000_000L);
      // Twice the planned size per side, unless that would pass the 16.7 MP decode cap.
      long pixels = (long) decoded.width() * decoded.height();
      assertTrue(
          budget + ": " + decoded,
          decoded.width() >= 2 * plan.resizedWidth()
              || pixels > ImageIoDecoder.MAX_DECODED_PIXELS / 2);
    }
    // Even without a plan, the decode stops at the processor's largest input (16.7 MP).
    RgbImage whole = ImageIoDecoder.decode(jpeg, "huge.jpg", null);
    assertTrue((long) whole.width() * whole.height() <= ImageIoDecoder.MAX_DECODED_PIXELS);
  }

  @Test
  public void greyPng_copiesLevelsToAllChannels() throws Exception {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 10);
    grey.getRaster().setSample(1, 0, 0, 128);
    grey.getRaster().setSample(2, 0, 0, 250);
    RgbImage image = ImageIoDecoder.decode(encode(grey, "png"), "grey.png", null);
    assertArrayEquals(
        new byte[] {
          10, 10, 10, (byte) 128, (byte) 128, (byte) 128, (byte) 250, (byte) 250, (byte) 250
        },
        image.rgb());
  }

  private static BufferedImage noise(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(w * 31L + h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out));
    return out.toByteArray();
  }

  /** Inserts a big-endian EXIF APP1 segment holding only the Orientation tag after SOI. */
  static byte[] withOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, IFD0 at 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation SHORT
      0,
      0,
      0,
      0 // no next IFD
    };
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
