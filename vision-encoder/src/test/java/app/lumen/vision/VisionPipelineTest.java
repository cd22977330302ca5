package app.lumen.vision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OrtSession;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import app.lumen.testkit.reference.ReferenceVision;
import app.lumen.vision.internal.Patchifier;
import java.nio.file.Path;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A real picture through the whole vision path (plan, Pillow-exact resize, patchify, the tiny
 * package's ONNX vision graph) equals testkit's independent Java tower fed the same pixels; the
 * cache spares repeated encodes; mismatches fail with clear errors.
 */
public class VisionPipelineTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private Path dir;
  private ImageProcessorConfig config;

  @Before
  public void generate() throws Exception {
    dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 11, ModelFamily.QWEN3_VL);
    config = ImageProcessorConfig.read(dir.resolve(ImageProcessorConfig.FILE_NAME));
  }

  private VisionPipeline pipeline(ImageProcessorConfig c, long cacheBytes) throws Exception {
    return new VisionPipeline(
        new ImagePreprocessor(c),
        VisionEncoder.open(
            dir.resolve(TinyPackageGenerator.VISION_GRAPH), new OrtSession.SessionOptions()),
        cacheBytes);
  }

  @Test
  public void photo_encodesLikeTheReferenceTower() throws Exception {
    RgbImage photo = TestImages.png("scene-200x150.png");
    try (VisionPipeline pipeline = pipeline(config, VisionPipeline.DEFAULT_CACHE_BYTES)) {
      PreparedImage prepared = pipeline.prepare(photo, new TokenBudget(16));
      ImagePlan plan = prepared.plan();
      assertTrue(plan.tokens() <= 16 && plan.tokens() >= 12);
      EncodedImage encoded = pipeline.encode(prepared);
      assertEquals(plan.tokens(), encoded.tokens());
      assertEquals(64, encoded.hiddenSize());
      assertEquals(2, encoded.deepstack().length);

      float[] pixels =
          Patchifier.patchify(
              pipeline.preprocessor().resize(photo, plan), pipeline.preprocessor().config());
      ReferenceVision.Output expected =
          ReferenceVision.load(dir).encode(pixels, plan.gridT(), plan.gridH(), plan.gridW());
      for (int t = 0; t < plan.tokens(); t++) {
        for (int j = 0; j < 64; j++) {
          assertEquals(expected.features()[t][j], encoded.features()[t * 64 + j], 1e-4);
          for (int k = 0; k < 2; k++) {
            assertEquals(expected.deepstack()[k][t][j], encoded.deepstack()[k][t * 64 + j], 1e-4);
          }
        }
      }
    }
  }

  @Test
  public void samePictureAndBudget_isEncodedOnce_otherBudgetAgain() throws Exception {
    RgbImage photo = TestImages.png("scene-97x61.png");
    try (VisionPipeline pipeline = pipeline(config, VisionPipeline.DEFAULT_CACHE_BYTES)) {
      PreparedImage first = pipeline.prepare(photo, TokenBudget.LOW);
      PreparedImage again = pipeline.prepare(photo, TokenBudget.LOW);
      assertEquals(first.key(), again.key());
      EncodedImage a = pipeline.encode(first);
      assertSame(a, pipeline.encode(again));
      assertEquals(1, pipeline.encoderRuns());
      PreparedImage smaller = pipeline.prepare(photo, new TokenBudget(6));
      assertNotEquals(first.key(), smaller.key());
      pipeline.encode(smaller);
      assertEquals(2, pipeline.encoderRuns());
    }
  }

  @Test
  public void cacheBound_evictsTheLeastRecentlyUsed() throws Exception {
    RgbImage photo = TestImages.png("scene-97x61.png");
    // 6 tokens x 64 x 3 arrays x 4 bytes = 4,608 bytes per encoding; room for one.
    try (VisionPipeline pipeline = pipeline(config, 6_000)) {
      PreparedImage a = pipeline.prepare(photo, new TokenBudget(6));
      PreparedImage b = pipeline.prepare(TestImages.png("scene-64x32.png"), new TokenBudget(6));
      pipeline.encode(a);
      pipeline.encode(b);
      assertEquals(1, pipeline.cachedImages());
      pipeline.encode(a);
      assertEquals(3, pipeline.encoderRuns());
    }
  }

  @Test
  public void processorNotMatchingTheGraph_failsNamingTheTensor() throws Exception {
    // merge size 1 plans a token per patch; the graph merges 2x2 patches into one token.
    ImageProcessorConfig wrong =
        new ImageProcessorConfig(
            16, 2, 1, 1024, 1 << 20, 1 / 255.0, config.imageMean(), config.imageStd());
    try (VisionPipeline pipeline = pipeline(wrong, VisionPipeline.DEFAULT_CACHE_BYTES)) {
      PreparedImage prepared =
          pipeline.prepare(TestImages.png("scene-64x32.png"), (TokenBudget) null);
      VisionEncoderException e =
          assertThrows(VisionEncoderException.class, () -> pipeline.encode(prepared));
      assertTrue(e.getMessage(), e.getMessage().contains("image_features has 2 rows"));
      assertTrue(e.getMessage(), e.getMessage().contains("8 tokens"));
    }
  }

  @Test
  public void close_dropsCachedEncodings_andLaterEncodesThrowIllegalState() throws Exception {
    VisionPipeline pipeline = pipeline(config, VisionPipeline.DEFAULT_CACHE_BYTES);
    PreparedImage prepared =
        pipeline.prepare(TestImages.png("scene-97x61.png"), new TokenBudget(8));
    pipeline.encode(prepared);
    assertEquals(1, pipeline.cachedImages());
    pipeline.close();
    assertEquals(0, pipeline.cachedImages());
    // Even a picture the cache held is not served by a closed pipeline.
    assertThrows(IllegalStateException.class, () -> pipeline.encode(prepared));
  }

  @Test
  public void runWithTerminateFlagSet_stopsTyped_andThePictureStillEncodesLater() throws Exception {
    try (VisionPipeline pipeline = pipeline(config, VisionPipeline.DEFAULT_CACHE_BYTES);
        OrtSession.RunOptions stop = new OrtSession.RunOptions()) {
      PreparedImage prepared =
          pipeline.prepare(TestImages.png("scene-97x61.png"), new TokenBudget(8));
      stop.setTerminate(true);
      assertThrows(VisionEncodingCancelledException.class, () -> pipeline.encode(prepared, stop));
      assertEquals(0, pipeline.cachedImages());

      EncodedImage encoded = pipeline.encode(prepared, null);
      assertEquals(prepared.plan().tokens(), encoded.tokens());
      assertEquals(1, pipeline.encoderRuns());
      assertSame(encoded, pipeline.encode(prepared));
    }
  }

  @Test
  public void closedEncoder_throwsIllegalState() throws Exception {
    VisionEncoder encoder =
        VisionEncoder.open(
            dir.resolve(TinyPackageGenerator.VISION_GRAPH), new OrtSession.SessionOptions());
    encoder.close();
    assertThrows(IllegalStateException.class, encoder::hasDeepstack);
  }

  @Test
  public void missingGraph_isAVisionEncoderException() {
    assertThrows(
        VisionEncoderException.class,
        () -> VisionEncoder.open(dir.resolve("onnx/none.onnx"), new OrtSession.SessionOptions()));
  }
}
