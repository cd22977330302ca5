package app.lumen.vision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import org.junit.Test;

public class ImagePreprocessorTest {
  private final ImagePreprocessor qwen3 = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);

  /** Qwen2-VL's processor: patch 14 (factor 28), 3,136 to 12,845,056 pixels, CLIP mean/std. */
  private static final ImageProcessorConfig QWEN2_VL =
      new ImageProcessorConfig(
          14,
          2,
          2,
          3136,
          12_845_056,
          1 / 255.0,
          new double[] {0.48145466, 0.4578275, 0.40821073},
          new double[] {0.26862954, 0.26130258, 0.27577711});

  @Test
  public void plan_512square_is256TokensOnA32x32PatchGrid() {
    ImagePlan plan = qwen3.plan(512, 512);
    assertEquals(512, plan.resizedWidth());
    assertEquals(512, plan.resizedHeight());
    assertArrayEquals(new long[] {1, 32, 32}, plan.gridThw());
    assertEquals(256, plan.tokens());
    assertEquals(1024, plan.patches());
    assertFalse(plan.resizes());
  }

  @Test
  public void plan_nonSquare_gridInPatchesTokensMerged() {
    // 640x480 -> unchanged; grid 30x40 patches; 15x20 = 300 tokens
    ImagePlan plan = qwen3.plan(640, 480);
    assertArrayEquals(new long[] {1, 30, 40}, plan.gridThw());
    assertEquals(300, plan.tokens());
  }

  @Test
  public void budget_capsTokensAndLowersTheMinimum() {
    for (TokenBudget budget : TokenBudget.presets()) {
      ImagePlan plan = qwen3.plan(4000, 3000, budget);
      assertTrue(plan.tokens() + " > " + budget, plan.tokens() <= budget.tokens());
      assertTrue(plan.tokens() > budget.tokens() * 0.8);
    }
    // A 64-token budget equals Qwen3-VL's minimum; a 16-token budget goes below it.
    ImagePlan tiny = qwen3.plan(640, 480, new TokenBudget(16));
    assertTrue(tiny.tokens() <= 16);
    // A small picture is enlarged towards the budget, never past it.
    ImagePlan small = qwen3.plan(97, 61, TokenBudget.LOW);
    assertTrue(small.tokens() + " tokens", small.tokens() > 48 && small.tokens() <= 64);
  }

  @Test
  public void budget_isACeilingForEveryPlanReturned_atAnyAspectRatio() {
    int[] sides = {28, 32, 33, 47, 64, 100, 333, 1000, 3200, 5600, 6400, 12800, 16000};
    int[] budgets = {1, 2, 3, 7, 16, 63, 64, 100, 197, 198, 200, 256, 1000, 4096};
    int plans = 0;
    for (ImagePreprocessor processor :
        new ImagePreprocessor[] {qwen3, new ImagePreprocessor(QWEN2_VL)}) {
      int factor = processor.config().factor();
      for (int width : sides) {
        for (int height : sides) {
          for (int tokens : budgets) {
            String at = width + "x" + height + " budget " + tokens + " factor " + factor;
            ImagePlan plan;
            try {
              plan = processor.plan(width, height, new TokenBudget(tokens));
            } catch (InvalidImageException e) {
              double aspect = (double) Math.max(width, height) / Math.min(width, height);
              // Only extreme shapes are refused: over the processor's limit of 200, or narrower
              // than the budget holds (a budget of at least the aspect ratio holds any shape).
              boolean extreme = aspect > Math.min(200, tokens);
              assertTrue(at + ": " + e.getMessage(), extreme || Math.min(width, height) < factor);
              continue;
            }
            plans++;
            assertTrue(at + ": " + plan.tokens(), plan.tokens() <= tokens);
            assertTrue(at, plan.tokens() >= 1);
            assertEquals(at, 0, plan.resizedWidth() % factor);
            assertEquals(at, 0, plan.resizedHeight() % factor);
          }
        }
      }
    }
    assertTrue(plans > 1000);
  }

  @Test
  public void longNarrowPicture_thatNoPlanWithinTheBudgetHolds_isRefusedPlainly() {
    // 6400x32: the short side cannot shrink below one 32-pixel token row, so at budget B the long
    // side keeps floor(sqrt(200 B)) tokens; that is <= B from B = 198 (sqrt(39600) = 198.99).
    InvalidImageException e =
        assertThrows(InvalidImageException.class, () -> qwen3.plan(6400, 32, TokenBudget.LOW));
    assertEquals(InvalidImageException.Reason.ASPECT_RATIO, e.reason());
    assertEquals(
        "image 6400x32 is too long and narrow for a budget of 64 image tokens (it needs at least"
            + " 198); choose a larger budget or crop it",
        e.getMessage());
    assertEquals(198, qwen3.plan(6400, 32, new TokenBudget(198)).tokens());
    assertThrows(InvalidImageException.class, () -> qwen3.plan(12800, 64, new TokenBudget(16)));
    assertThrows(InvalidImageException.class, () -> qwen3.plan(32, 6400, new TokenBudget(197)));
  }

  @Test
  public void estimates_growWithTheBudget() {
    ImagePlan small = qwen3.plan(4000, 3000, TokenBudget.MEDIUM);
    ImagePlan large = qwen3.plan(4000, 3000, TokenBudget.HIGH);
    assertTrue(small.estimatedEncodeMillis() > 0);
    assertTrue(large.estimatedEncodeMillis() > 3 * small.estimatedEncodeMillis());
    assertTrue(large.estimatedPeakBytes() > 3 * small.estimatedPeakBytes());
  }

  @Test
  public void preprocess_shapesFollowThePlan() throws Exception {
    RgbImage image = TestImages.png("scene-200x150.png");
    PreprocessedImage out = qwen3.preprocess(image, TokenBudget.LOW);
    assertEquals(out.plan().patches() * 1536, out.pixelValues().length);
    assertEquals(1536, out.rowLength());
    assertEquals(out.plan().patches(), out.plan().tokens() * 4);
    assertTrue(out.plan().tokens() <= 64);
  }

  @Test
  public void preprocess_tooSmall_typedError() {
    RgbImage image = TestImages.coordinates(20, 100);
    InvalidImageException e =
        assertThrows(InvalidImageException.class, () -> qwen3.preprocess(image));
    assertEquals(InvalidImageException.Reason.TOO_SMALL, e.reason());
  }

  @Test
  public void config_readsQwen3AndQwen2Files() throws IOException {
    String qwen3Json =
        "{\"size\": {\"longest_edge\": 16777216, \"shortest_edge\": 65536}, \"patch_size\": 16,"
            + " \"temporal_patch_size\": 2, \"merge_size\": 2, \"image_mean\": [0.5,0.5,0.5],"
            + " \"image_std\": [0.5,0.5,0.5], \"rescale_factor\": 0.00392156862745098}";
    assertEquals(
        ImageProcessorConfig.QWEN3_VL,
        ImageProcessorConfig.parse(new StringReader(qwen3Json), "preprocessor_config.json")
            .withPixelBounds(65_536, 16_777_216));
    String qwen2Json =
        "{\"min_pixels\": 3136, \"max_pixels\": 12845056, \"patch_size\": 14,"
            + " \"image_mean\": [0.48145466, 0.4578275, 0.40821073],"
            + " \"image_std\": [0.26862954, 0.26130258, 0.27577711]}";
    ImageProcessorConfig qwen2 =
        ImageProcessorConfig.parse(new StringReader(qwen2Json), "preprocessor_config.json");
    assertEquals(28, qwen2.factor());
    assertEquals(1176, qwen2.patchValues());
    IOException missing =
        assertThrows(
            IOException.class,
            () -> ImageProcessorConfig.parse(new StringReader("{\"patch_size\": 14}"), "pp.json"));
    assertTrue(missing.getMessage(), missing.getMessage().contains("min_pixels"));
  }

  /**
   * Where a resize is needed, Lumen follows Pillow (checked byte for byte in
   * PilBicubicResamplerTest, on these same sizes too) while transformers.js resizes with libvips'
   * affine bicubic, which neither antialiases when shrinking nor uses Pillow's pixel centres. The
   * sizes must agree exactly; the pixel difference on these deliberately hard pictures (3-pixel
   * stripes, hard disc edges, noise) is printed and bounded as stated in the vision README.
   */
  @Test
  public void resize_differenceToTransformersJs_isSmallAndMeasured() throws Exception {
    StringBuilder report = new StringBuilder();
    for (JsonElement element : TestImages.json("tjs-vectors.json").getAsJsonArray("resize")) {
      JsonObject c = element.getAsJsonObject();
      RgbImage source = TestImages.png(c.get("image").getAsString());
      RgbImage expected = TestImages.png(c.get("resized").getAsString());
      int patch = c.get("patch_size").getAsInt();
      ImageProcessorConfig config =
          new ImageProcessorConfig(
              patch,
              2,
              2,
              c.get("min_pixels").getAsLong(),
              c.get("max_pixels").getAsLong(),
              1 / 255.0,
              new double[] {0.5, 0.5, 0.5},
              new double[] {0.5, 0.5, 0.5});
      ImagePreprocessor processor = new ImagePreprocessor(config);
      ImagePlan plan = processor.plan(source.width(), source.height());
      assertEquals(expected.width(), plan.resizedWidth());
      assertEquals(expected.height(), plan.resizedHeight());
      RgbImage actual = processor.resize(source, plan);
      int max = 0;
      long sum = 0;
      for (int i = 0; i < actual.rgb().length; i++) {
        int d = Math.abs((actual.rgb()[i] & 0xFF) - (expected.rgb()[i] & 0xFF));
        max = Math.max(max, d);
        sum += d;
      }
      double mean = (double) sum / actual.rgb().length;
      report.append(
          String.format(
              Locale.ROOT,
              "%s %s -> %dx%d: max %d/255, mean %.3f/255%n",
              c.get("image").getAsString(),
              c.get("config").getAsString(),
              plan.resizedWidth(),
              plan.resizedHeight(),
              max,
              mean));
      assertTrue(report.toString(), mean < 20 && max < 160);
    }
    System.out.print(report);
  }
}
