package app.lumen.app.images;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import androidx.test.ext.junit.runners.AndroidJUnit4;
import app.lumen.app.chat.UnsupportedImagesException;
import app.lumen.app.data.Attachment;
import app.lumen.inference.ImageInput;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelInfo;
import app.lumen.inference.testing.FakeImageInput;
import app.lumen.inference.testing.FakeInferenceEngine;
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
