package app.lumen.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.download.Catalog;
import app.lumen.download.CatalogEntry;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EngineSupportTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void load_qwen35Package_failsWithTypedExceptionBeforeOpeningGraphs() throws Exception {
    assertRefused(ModelFamily.QWEN3_5, "Qwen3.5 models are not supported by this version of Lumen");
  }

  @Test
  public void load_textOnlyQwen3Package_loads_withoutAVisionPath() throws Exception {
    Path dir = Path.of(getClass().getResource("/hf/qwen3/package").toURI());
    try (InferenceEngine engine = InferenceEngine.create();
        LoadedModel model = engine.load(dir)) {
      assertEquals("qwen3", model.info().family());
      assertFalse(model.info().supportsImages());
    }
  }

  @Test
  public void load_qwen3VlPackage_loads() throws Exception {
    Path dir = tmp.newFolder("qwen3-vl").toPath();
    TinyPackageGenerator.generate(dir, 3, ModelFamily.QWEN3_VL);
    try (InferenceEngine engine = InferenceEngine.create();
        LoadedModel model = engine.load(dir)) {
      assertEquals("qwen3_vl", model.info().family());
    }
  }

  @Test
  public void bundledCatalog_marksQwen35Unsupported_andQwen3VlAndQwen3Supported() throws Exception {
    Map<String, Boolean> runnableByFamily = new HashMap<>();
    for (CatalogEntry entry : Catalog.loadDefault().entries()) {
      boolean runnable = EngineSupport.runs(entry.family());
      Boolean before = runnableByFamily.put(entry.family(), runnable);
      assertTrue("one answer per family", before == null || before == runnable);
    }
    assertEquals(Boolean.TRUE, runnableByFamily.get("qwen3_vl"));
    assertEquals(Boolean.TRUE, runnableByFamily.get("qwen2_vl"));
    assertEquals(Boolean.FALSE, runnableByFamily.get("qwen3_5"));
    assertEquals(Boolean.TRUE, runnableByFamily.get("qwen3"));
  }

  @Test
  public void runs_unknownFamilyId_isFalse() {
    assertFalse(EngineSupport.runs("llama"));
    assertTrue(EngineSupport.runs("qwen2_5_vl"));
  }

  /** Makes the manifest of the package in {@code dir} say it is of {@code family}. */
  public static void declareFamily(Path dir, ModelFamily family) throws Exception {
    Path manifest = dir.resolve(PackageManifest.FILE_NAME);
    JsonObject json =
        JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
            .getAsJsonObject();
    json.addProperty("family", family.id());
    Files.writeString(manifest, json.toString(), StandardCharsets.UTF_8);
  }

  /**
   * A tiny Qwen3-VL package whose manifest is changed to {@code family}, and whose decoder graph is
   * made unloadable: a loader that opened graphs (or read configs) before checking the family would
   * fail differently.
   */
  private void assertRefused(ModelFamily family, String message) throws Exception {
    Path dir = tmp.newFolder(family.id()).toPath();
    TinyPackageGenerator.generate(dir, 3, ModelFamily.QWEN3_VL);
    declareFamily(dir, family);
    Files.write(dir.resolve(TinyPackageGenerator.DECODER_GRAPH), new byte[] {1, 2, 3});

    try (InferenceEngine engine = InferenceEngine.create()) {
      UnsupportedFamilyException e =
          assertThrows(UnsupportedFamilyException.class, () -> engine.load(dir));
      assertEquals(message, e.getMessage());
      assertEquals(family, e.family());
    }
  }
}
