package app.lumen.vision.jvm;

import static org.junit.Assert.assertTrue;

import app.lumen.testkit.fuzz.FuzzRun;
import app.lumen.testkit.fuzz.Mutations;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TestImages;
import app.lumen.vision.TokenBudget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.Test;

/**
 * Mutated PNG, JPEG, GIF and BMP files through the header reader, the decoder and the preprocessor:
 * the only failure is {@link InvalidImageException} (never an out-of-memory error, an index out of
 * bounds or a negative array size). Iterations: {@code -Dlumen.fuzz.iterations}, seed: {@code
 * -Dlumen.fuzz.seed}.
 */
public class ImageFuzzTest {
  // About a second of decoding on a two-core machine.
  private static final int DEFAULT_ITERATIONS = 1000;
  // Edits per input: enough to reach past the first checksum-free field, few enough to stay close.
  private static final int MAX_EDITS = 4;

  private final ImagePreprocessor preprocessor =
      new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
  private final List<byte[]> seeds = new ArrayList<>();

  public ImageFuzzTest() throws IOException {
    for (int type :
        new int[] {
          BufferedImage.TYPE_3BYTE_BGR,
          BufferedImage.TYPE_BYTE_GRAY,
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_USHORT_GRAY,
          BufferedImage.TYPE_BYTE_INDEXED
        }) {
      seeds.add(encode(noise(24, 16, type), "png"));
    }
    seeds.add(encode(noise(40, 24, BufferedImage.TYPE_3BYTE_BGR), "jpg"));
    seeds.add(encode(noise(16, 16, BufferedImage.TYPE_BYTE_GRAY), "jpg"));
    seeds.add(
        ImageIoDecoderTest.withOrientation(
            encode(noise(32, 16, BufferedImage.TYPE_3BYTE_BGR), "jpg"), 6));
    seeds.add(encode(noise(24, 16, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
    seeds.add(encode(noise(20, 12, BufferedImage.TYPE_3BYTE_BGR), "bmp"));
    seeds.add(encode(noise(20, 12, BufferedImage.TYPE_BYTE_INDEXED), "bmp"));
    seeds.add(TestImages.bytes("exif-6.png"));
    seeds.add(TestImages.bytes("alpha.png"));
  }

  @Test
  public void mutatedImages_failOnlyAsInvalidImages() {
    FuzzRun.of("image", DEFAULT_ITERATIONS)
        .forEach(
            random -> Mutations.bytes(seeds.get(random.nextInt(seeds.size())), random, MAX_EDITS),
            bytes -> bytes,
            this::check);
  }

  private void check(byte[] bytes) {
    try {
      ImageIoDecoder.Header header = ImageIoDecoder.header(bytes, "fuzz");
      ImagePlan plan =
          preprocessor.plan(header.uprightWidth(), header.uprightHeight(), TokenBudget.LOW);
      RgbImage image = ImageIoDecoder.decode(bytes, "fuzz", plan);
      assertTrue(image.width() > 0 && image.height() > 0);
      preprocessor.preprocess(image, plan);
      RgbImage full = ImageIoDecoder.decode(bytes, "fuzz", null);
      preprocessor.preprocess(full, TokenBudget.LOW);
    } catch (InvalidImageException expected) {
      // the typed refusal: what every bad picture must end in
    }
  }

  private static BufferedImage noise(int w, int h, int type) {
    BufferedImage image = new BufferedImage(w, h, type);
    Random random = new Random(w * 31L + h + type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt() | (random.nextBoolean() ? 0xFF000000 : 0));
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertTrue(format, ImageIO.write(image, format, out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
