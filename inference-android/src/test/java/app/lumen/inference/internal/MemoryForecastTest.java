package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.EngineSupportTest;
import app.lumen.inference.MemoryForecast;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.UnsupportedFamilyException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.SignaturePackage;
import app.lumen.testkit.TinyPackageGenerator;
import app.lumen.testkit.onnx.DataType;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.TokenBudget;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The forecast, made from files alone, against what loading the same package states: the cache per
 * token from the loaded decoder's signature, the context the load chose, graph sizes from the
 * manifest and the vision peak from the image planner.
 */
public class MemoryForecastTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void forecast_ofTinyQwen3Vl_agreesWithTheLoadedModel() throws Exception {
    Path dir = tmp.newFolder("qwen3-vl").toPath();
    PackageManifest manifest =
        TinyPackageGenerator.generate(dir, 11, ModelFamily.QWEN3_VL).manifest();
    EngineOptions options = EngineOptions.builder().availableMemoryBytes(8L << 30).build();

    MemoryForecast forecast = MemoryForecast.of(dir, options);

    try (OrtInferenceEngine engine = new OrtInferenceEngine(options)) {
      OrtLoadedModel model = engine.loadModel(dir, PhaseListener.NONE);
      assertEquals(
          ContextSizing.cacheBytesPerToken(model.runtime().signature().states()),
          forecast.cacheBytesPerToken());
      assertEquals(model.info().contextLength(), forecast.contextTokens());
    }
    assertEquals(
        sizeOf(manifest, TinyPackageGenerator.DECODER_GRAPH)
            + sizeOf(manifest, TinyPackageGenerator.EMBED_GRAPH),
        forecast.weightBytes());
    assertEquals(sizeOf(manifest, TinyPackageGenerator.VISION_GRAPH), forecast.visionWeightBytes());
    assertTrue(forecast.hasVision());
  }

  @Test
  public void forecast_withExplicitContext_choosesWhatTheLoadChooses() throws Exception {
    Path dir = tmp.newFolder("capped").toPath();
    TinyPackageGenerator.generate(dir, 12, ModelFamily.QWEN2_VL);
    EngineOptions options = EngineOptions.builder().maxContextTokens(5000).build();

    MemoryForecast forecast = MemoryForecast.of(dir, options);

    try (OrtInferenceEngine engine = new OrtInferenceEngine(options)) {
      OrtLoadedModel model = engine.loadModel(dir, PhaseListener.NONE);
      assertEquals(model.info().contextLength(), forecast.contextTokens());
      assertEquals(
          ContextSizing.cacheBytesPerToken(model.runtime().signature().states()),
          forecast.cacheBytesPerToken());
    }
    assertEquals(5000, forecast.contextTokens());
  }

  @Test
  public void forecast_whereTheMemoryRuleApplies_choosesTheLoadsContext() throws Exception {
    Path dir = tmp.newFolder("rule").toPath();
    TinyPackageGenerator.generate(dir, 16, ModelFamily.QWEN3_VL);
    // ~140 MiB: after the fixed 64 MiB, half of it holds about 6,000 tokens of 512 bytes (twice),
    // inside 4,096-8,192, so the figure depends on every input of the rule.
    EngineOptions options = EngineOptions.builder().availableMemoryBytes(140L << 20).build();

    MemoryForecast forecast = MemoryForecast.of(dir, options);

    try (OrtInferenceEngine engine = new OrtInferenceEngine(options)) {
      OrtLoadedModel model = engine.loadModel(dir, PhaseListener.NONE);
      assertEquals(model.info().contextLength(), forecast.contextTokens());
    }
    assertTrue(
        String.valueOf(forecast.contextTokens()),
        forecast.contextTokens() > ContextSizing.MIN_TOKENS
            && forecast.contextTokens() < ContextSizing.MAX_TOKENS);
  }

  @Test
  public void float16Cache_isSizedFromTheGraphsDeclaredType() throws Exception {
    Path dir =
        SignaturePackage.builder()
            .kvType(DataType.FLOAT16)
            .writeTo(tmp.newFolder("fp16").toPath())
            .dir();
    long fromSession;
    try (OrtSession session =
        OrtEnvironment.getEnvironment()
            .createSession(dir.resolve(SignaturePackage.DECODER_GRAPH).toString())) {
      fromSession =
          ContextSizing.cacheBytesPerToken(
              DecoderSignature.of(session, SignaturePackage.DECODER_GRAPH, 0).states());
    }

    MemoryForecast forecast = MemoryForecast.of(dir, EngineOptions.defaults());

    assertEquals(fromSession, forecast.cacheBytesPerToken());
  }

  @Test
  public void visionEncode_equalsThePlannersPeakForAPhotoFillingTheBudget() throws Exception {
    Path dir = tmp.newFolder("vision").toPath();
    TinyPackageGenerator.generate(dir, 13, ModelFamily.QWEN3_VL);
    ImageProcessorConfig processor =
        ImageProcessorConfig.read(dir.resolve(ImageProcessorConfig.FILE_NAME));
    // 512 x 512 is exactly 256 tokens of 32 x 32 pixels: a square photo at the default budget.
    int side = (int) Math.sqrt((double) TokenBudget.MEDIUM.maxPixels(processor.factor()));
    long plannerPeak =
        new ImagePreprocessor(processor)
            .plan(4 * side, 4 * side, TokenBudget.MEDIUM)
            .estimatedPeakBytes();

    MemoryForecast forecast = MemoryForecast.of(dir, EngineOptions.defaults());

    assertEquals(TokenBudget.MEDIUM.tokens(), forecast.imageTokens());
    assertEquals(plannerPeak, forecast.visionEncodeBytes());
    assertEquals(
        forecast.textPeakBytes() + forecast.visionWeightBytes() + plannerPeak,
        forecast.photoPeakBytes());
  }

  @Test
  public void forecast_withoutVisionGraph_hasNoVisionCost() throws Exception {
    Path dir = tmp.newFolder("qwen2.5").toPath();
    TinyPackageGenerator.generate(dir, 14, ModelFamily.QWEN2_5_VL); // no vision tower generated

    MemoryForecast forecast = MemoryForecast.of(dir, EngineOptions.defaults());

    assertFalse(forecast.hasVision());
    assertEquals(0, forecast.visionEncodeBytes());
    assertEquals(forecast.textPeakBytes(), forecast.photoPeakBytes());
  }

  @Test
  public void forecast_ofUnsupportedFamily_isRefused() throws Exception {
    Path dir = tmp.newFolder("qwen3.5").toPath();
    TinyPackageGenerator.generate(dir, 15, ModelFamily.QWEN3_VL);
    EngineSupportTest.declareFamily(dir, ModelFamily.QWEN3_5);

    UnsupportedFamilyException e =
        assertThrows(
            UnsupportedFamilyException.class,
            () -> MemoryForecast.of(dir, EngineOptions.defaults()));
    assertEquals(ModelFamily.QWEN3_5, e.family());
  }

  /** The listed size of {@code graph} and of the external data files named after it. */
  private static long sizeOf(PackageManifest manifest, String graph) {
    long bytes = 0;
    for (PackageFile file : manifest.files()) {
      if (file.path().equals(graph) || file.path().startsWith(graph + "_data")) {
        bytes += file.size();
      }
    }
    assertTrue(graph + " listed", bytes > 0);
    return bytes;
  }
}
