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
  // About two seconds of decoding on a two-core machine (~2.5 ms an input).
  private static final int DEFAULT_ITERATIONS = 600;
  // Edits per input: enough to reach past the first checksum-free field, few enough to stay close.
  private static final int MAX_EDITS = 4;

  private final ImagePreprocessor preprocessor =
      new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
  // Seeds are at least 32 pixels a side, Qwen3-VL's factor: smaller pictures are refused unread.
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
      seeds.add(encode(noise(40, 36, type), "png"));
    }
    seeds.add(encode(noise(64, 48, BufferedImage.TYPE_3BYTE_BGR), "jpg"));
    seeds.add(encode(noise(40, 40, BufferedImage.TYPE_BYTE_GRAY), "jpg"));
    seeds.add(
        ImageIoDecoderTest.withOrientation(
            encode(noise(64, 40, BufferedImage.TYPE_3BYTE_BGR), "jpg"), 6));
    seeds.add(encode(noise(48, 40, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
    seeds.add(encode(noise(36, 34, BufferedImage.TYPE_3BYTE_BGR), "bmp"));
    seeds.add(encode(noise(34, 40, BufferedImage.TYPE_BYTE_INDEXED), "bmp"));
    seeds.add(TestImages.bytes("scene-64x32.png"));
  }

  private int decoded;

  @Test
  public void mutatedImages_failOnlyAsInvalidImages() {
    FuzzRun run = FuzzRun.of("image", DEFAULT_ITERATIONS);
    run.forEach(
        random -> Mutations.bytes(seeds.get(random.nextInt(seeds.size())), random, MAX_EDITS),
        bytes -> bytes,
        this::check);
    // Mutations that keep a picture decodable are what reach the resampler and patchifier.
    assertTrue("decoded " + decoded, decoded >= run.iterations() / 10);
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
      decoded++;
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
