package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.vision.VisionModel;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import java.nio.file.Path;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A loaded model owns its vision graph: opened once on first use, closed with the model. */
public class OrtLoadedModelVisionTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private final OrtInferenceEngine engine = new OrtInferenceEngine(EngineOptions.defaults());

  @After
  public void close() {
    engine.close();
  }

  private Path tinyPackage(long seed) throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, seed, ModelFamily.QWEN3_VL);
    return dir;
  }

  private static RgbImage grey(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    return new RgbImage(width, height, rgb);
  }

  @Test
  public void vision_isOpenedOnce_andSharedByItsCallers() throws Exception {
    LoadedModel model = engine.load(tinyPackage(41));
    assertSame(model.vision(), model.vision());
  }

  @Test
  public void closingTheModel_closesItsVisionGraph() throws Exception {
    LoadedModel model = engine.load(tinyPackage(42));
    VisionModel vision = model.vision();
    ImageInput prepared = vision.image(grey(64, 48), new TokenBudget(8));
    model.close();
    assertThrows(IllegalStateException.class, () -> vision.plan(64, 48, null));
    // The graph itself is released: a picture prepared before cannot be encoded any more.
    assertThrows(IllegalStateException.class, () -> prepared.embeddings(64));
    assertThrows(IllegalStateException.class, model::vision);
  }

  @Test
  public void closingTheEngine_closesTheVisionGraphOfItsModels() throws Exception {
    VisionModel vision = engine.load(tinyPackage(43)).vision();
    engine.close();
    assertThrows(IllegalStateException.class, () -> vision.image(grey(32, 32), (TokenBudget) null));
  }

  @Test
  public void reloadedModel_hasAVisionGraphOfItsOwn() throws Exception {
    Path dir = tinyPackage(44);
    LoadedModel first = engine.load(dir);
    VisionModel firstVision = first.vision();
    first.close();
    LoadedModel second = engine.load(dir);
    VisionModel secondVision = second.vision();
    assertNotSame(firstVision, secondVision);
    ImageInput input = secondVision.image(grey(64, 48), new TokenBudget(8));
    assertEquals(64, input.embeddings(64).hiddenSize());
  }

  @Test
  public void packageWithoutVisionGraph_refusesPicturesWithAPlainMessage() throws Exception {
    // Tiny Qwen2.5-VL packages carry no vision graph.
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 45, ModelFamily.QWEN2_5_VL);
    LoadedModel model = engine.load(dir);
    InvalidRequestException e = assertThrows(InvalidRequestException.class, model::vision);
    assertTrue(e.getMessage(), e.getMessage().contains("reads no images"));
    assertTrue(e.getMessage(), e.getMessage().contains("graphs.vision"));
  }
}
