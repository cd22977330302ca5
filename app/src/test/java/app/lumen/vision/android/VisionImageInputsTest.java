package app.lumen.vision.android;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import androidx.test.ext.junit.runners.AndroidJUnit4;
import app.lumen.app.chat.UnsupportedImagesException;
import app.lumen.app.data.Attachment;
import app.lumen.inference.EngineOptions;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

@RunWith(AndroidJUnit4.class)
public class VisionImageInputsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static Attachment photo(Path file) {
    return new Attachment(1, file.toString(), null, 64, 64, 256);
  }

  @Test
  public void noModelLoaded_saysSoPlainly() throws Exception {
    try (VisionImageInputs inputs = new VisionImageInputs(() -> null, EngineOptions.defaults())) {
      UnsupportedImagesException e =
          assertThrows(
              UnsupportedImagesException.class,
              () -> inputs.forAttachment(photo(tmp.newFile("a.png").toPath())));
      assertTrue(e.getMessage(), e.getMessage().contains("No model is loaded"));
    }
  }

  @Test
  public void modelWithoutVisionGraph_isRefusedWithTheReason() throws Exception {
    Path dir = tmp.newFolder("text-only").toPath();
    // Tiny Qwen2.5-VL packages carry no vision graph: the manifest names none.
    TinyPackageGenerator.generate(dir, 1, ModelFamily.QWEN2_5_VL);
    try (VisionImageInputs inputs = new VisionImageInputs(() -> dir, EngineOptions.defaults())) {
      UnsupportedImagesException e =
          assertThrows(
              UnsupportedImagesException.class,
              () -> inputs.forAttachment(photo(tmp.newFile("b.png").toPath())));
      assertTrue(e.getMessage(), e.getMessage().contains("graphs.vision"));
    }
  }
}
