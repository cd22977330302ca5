package app.lumen.app.images;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import androidx.test.ext.junit.runners.AndroidJUnit4;
import app.lumen.app.chat.UnsupportedImagesException;
import app.lumen.app.data.Attachment;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelInfo;
import app.lumen.inference.testing.FakeImageInput;
import app.lumen.inference.testing.FakeInferenceEngine;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import app.lumen.testkit.reference.ReferenceVision;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** Stored photos through the Android decoder to image parts of the loaded (fake) model. */
@RunWith(AndroidJUnit4.class)
public class PhotoInputsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private final FakeInferenceEngine engine = new FakeInferenceEngine();

  @After
  public void close() {
    engine.close();
  }

  private static Attachment photo(File file, int budget) {
    return new Attachment(1, file.getPath(), null, 0, 0, budget);
  }

  /** A photo-sized picture with a gradient, as the picker would store it. */
  private File png(String name, int width, int height) throws Exception {
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        picture.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
      }
    }
    File file = tmp.newFile(name);
    ImageIO.write(picture, "png", file);
    return file;
  }

  private LoadedModel load(ModelInfo info) throws Exception {
    engine.setModelInfo(info);
    return engine.load(tmp.newFolder().toPath());
  }

  @Test
  public void photo_becomesAnImagePartOfTheLoadedModel_decodedAtThePlannedSize() throws Exception {
    LoadedModel model = load(new ModelInfo("model-a", "qwen3_vl", "A", 4096, true));
    ImageInput input = new PhotoInputs().forAttachment(model, photo(png("a.png", 2000, 1500), 64));
    FakeImageInput image = (FakeImageInput) input;
    assertEquals("model-a", image.modelId());
    assertEquals(2000, image.plan().sourceWidth());
    assertEquals(1500, image.plan().sourceHeight());
    assertTrue(image.plan().tokens() <= 64);
    assertEquals(image.plan().tokens(), input.tokenCount());
    // 64 tokens plan 288x192; twice that per side is enough, so the decoder reads a third.
    assertEquals(667, image.decodedWidth());
    assertEquals(500, image.decodedHeight());
    assertEquals(1, engine.openVisionModels());
  }

  /**
   * A photo with a known colour at every pixel, through the Android decoder and the real engine's
   * vision path of a tiny generated package, reaches the vision graph as the patches a plain
   * computation here makes from those colours: the graph's output equals testkit's independent Java
   * tower fed them. 256x256 is 65,536 pixels, the package's minimum and a multiple of the 32-pixel
   * merge window, so the processor keeps the size and no resampling blurs the colours.
   */
  @Test
  public void photo_reachesTheVisionGraphAsPatchesOfItsPixels() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 11, ModelFamily.QWEN3_VL);
    int side = 256;
    BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        picture.setRGB(x, y, knownColour(x, y));
      }
    }
    File file = tmp.newFile("known.png");
    ImageIO.write(picture, "png", file);

    try (InferenceEngine real = InferenceEngine.create();
        LoadedModel model = real.load(dir)) {
      ImageInput input = new PhotoInputs().forAttachment(model, photo(file, 0));
      // 16x16 patches of 16 pixels, merged 2x2: 8x8 tokens of one frame.
      assertEquals(new ImageInput.ImageGrid(1, 8, 8), input.grid());

      ReferenceVision.Output expected =
          ReferenceVision.load(dir).encode(patches(side, side), 1, side / 16, side / 16);
      int hidden = expected.features()[0].length;
      ImageEmbeddings actual = input.embeddings(hidden);
      assertEquals(64, actual.tokenCount());
      for (int t = 0; t < 64; t++) {
        for (int j = 0; j < hidden; j++) {
          assertEquals(
              "token " + t + " feature " + j,
              expected.features()[t][j],
              actual.embeddings()[t * hidden + j],
              1e-4);
        }
      }
    }
  }

  /** Red follows x, green y, blue both: a patch out of place or a channel swapped shows. */
  private static int knownColour(int x, int y) {
    return x << 16 | y << 8 | ((x * 3 + y * 5) & 0xFF);
  }

  /**
   * Qwen3-VL's {@code pixel_values} of a {@link #knownColour} picture, written out from the
   * transformers processor: rows are 16-pixel patches in 2x2 merge-window order, each row channel,
   * frame (the still picture twice), y, x; values {@code (v / 255 - 0.5) / 0.5}.
   */
  private static float[] patches(int width, int height) {
    int patch = 16;
    float[] values = new float[width * height * 3 * 2];
    int i = 0;
    for (int wy = 0; wy < height / (2 * patch); wy++) {
      for (int wx = 0; wx < width / (2 * patch); wx++) {
        for (int my = 0; my < 2; my++) {
          for (int mx = 0; mx < 2; mx++) {
            int x0 = (wx * 2 + mx) * patch;
            int y0 = (wy * 2 + my) * patch;
            for (int c = 0; c < 3; c++) {
              for (int frame = 0; frame < 2; frame++) {
                for (int y = y0; y < y0 + patch; y++) {
                  for (int x = x0; x < x0 + patch; x++) {
                    int v = knownColour(x, y) >> (16 - 8 * c) & 0xFF;
                    values[i++] = (float) ((v / 255.0 - 0.5) / 0.5);
                  }
                }
              }
            }
          }
        }
      }
    }
    return values;
  }

  @Test
  public void photoWithoutBudget_usesThePackageBounds() throws Exception {
    LoadedModel model = load(new ModelInfo("model-a", "qwen3_vl", "A", 4096, true));
    FakeImageInput image =
        (FakeImageInput) new PhotoInputs().forAttachment(model, photo(png("b.png", 200, 150), 0));
    assertEquals(200, image.decodedWidth());
    assertEquals(model.vision().plan(200, 150, null), image.plan());
  }

  @Test
  public void modelThatReadsNoPhotos_isRefusedWithThePlainReason() throws Exception {
    LoadedModel model = load(new ModelInfo("text-only", "qwen3", "Text", 4096, false));
    UnsupportedImagesException e =
        assertThrows(
            UnsupportedImagesException.class,
            () -> new PhotoInputs().forAttachment(model, photo(png("c.png", 64, 64), 0)));
    assertTrue(e.getMessage(), e.getMessage().startsWith("This model cannot look at photos"));
    assertTrue(e.getMessage(), e.getMessage().contains("graphs.vision"));
  }

  @Test
  public void fileThatIsNoPicture_isRefusedWithThePlainReason() throws Exception {
    LoadedModel model = load(new ModelInfo("model-a", "qwen3_vl", "A", 4096, true));
    Path junk = tmp.newFile("junk.img").toPath();
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    UnsupportedImagesException e =
        assertThrows(
            UnsupportedImagesException.class,
            () -> new PhotoInputs().forAttachment(model, photo(junk.toFile(), 0)));
    assertTrue(e.getMessage(), e.getMessage().startsWith("The photo cannot be read"));
  }
}
