package app.lumen.app.photos

import app.lumen.vision.ImageProcessorConfig
import java.io.File
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The budget preview of a picture from its size alone, against memory readings a test picks. */
class PhotoCostPreviewTest {
  @get:Rule val tmp = TemporaryFolder()

  private var free: Long? = null
  private val memory = FreeMemory { free }

  private fun preview(
    width: Int,
    height: Int,
    chosen: PhotoBudget,
    packageDir: File? = null,
  ): BudgetPreview = runBlocking {
    PhotoCostPreview({ packageDir }, memory, EmptyCoroutineContext).preview(width, height, chosen)
  }

  @Test
  fun eachPreset_givesTheSmartResizeSizeAndTokens_ofAPortraitPhoto() {
    // A phone photo held upright, as stored with its orientation applied.
    val result = preview(3024, 4032, PhotoBudget.BALANCED)
    for (budget in PhotoBudget.entries) {
      val (w, h) = QwenSizes.resized(3024, 4032, budget.tokens)
      val plan = result.option(budget).plan!!
      assertEquals("$budget width", w, plan.resizedWidth())
      assertEquals("$budget height", h, plan.resizedHeight())
      assertEquals("$budget tokens", QwenSizes.tokens(w, h), plan.tokens())
      assertTrue("$budget within its budget", plan.tokens() <= budget.tokens)
      assertTrue("taller than wide", plan.resizedHeight() > plan.resizedWidth())
      assertEquals(QwenSizes.peakBytes(QwenSizes.patches(w, h)), plan.estimatedPeakBytes())
      assertTrue(plan.estimatedEncodeMillis() > 0)
    }
    // Known sizes: 3024 × 4032 at 64 tokens is 192 × 288, at 256 tokens 416 × 576.
    assertEquals(192, result.option(PhotoBudget.FAST).plan!!.resizedWidth())
    assertEquals(576, result.option(PhotoBudget.BALANCED).plan!!.resizedHeight())
    assertEquals(PhotoBudget.BALANCED, result.effective)
    assertFalse(result.reduced)
  }

  @Test
  fun withoutAReading_nothingIsReduced() {
    free = null
    val result = preview(1600, 1200, PhotoBudget.DETAILED)
    assertEquals(PhotoBudget.DETAILED, result.effective)
    assertTrue(result.options.all { it.fits })
  }

  @Test
  fun detailedThatDoesNotFit_isReducedToTheLargestThatDoes() {
    val detailed = QwenSizes.resized(1600, 1200, PhotoBudget.DETAILED.tokens)
    val balanced = QwenSizes.resized(1600, 1200, PhotoBudget.BALANCED.tokens)
    val fast = QwenSizes.resized(1600, 1200, PhotoBudget.FAST.tokens)
    val detailedPeak = QwenSizes.peakBytes(QwenSizes.patches(detailed.first, detailed.second))
    val balancedPeak = QwenSizes.peakBytes(QwenSizes.patches(balanced.first, balanced.second))
    val fastPeak = QwenSizes.peakBytes(QwenSizes.patches(fast.first, fast.second))

    free = detailedPeak - 1
    val toBalanced = preview(1600, 1200, PhotoBudget.DETAILED)
    assertEquals(PhotoBudget.BALANCED, toBalanced.effective)
    assertTrue(toBalanced.reduced)
    assertFalse(toBalanced.option(PhotoBudget.DETAILED).fits)

    free = balancedPeak - 1
    val toFast = preview(1600, 1200, PhotoBudget.DETAILED)
    assertEquals(PhotoBudget.FAST, toFast.effective)
    // A smaller choice that fits is kept as chosen.
    assertEquals(PhotoBudget.FAST, preview(1600, 1200, PhotoBudget.FAST).effective)

    free = fastPeak - 1
    val none = preview(1600, 1200, PhotoBudget.DETAILED)
    assertNull(none.effective)
    assertTrue(none.tooLittleMemory)
    assertFalse(none.reduced)
  }

  @Test
  fun thePackagesProcessorConfig_isUsed_whenItHasOne() {
    // A Qwen2-VL-like processor: 14-pixel patches, so 28 pixels per token side.
    val dir = tmp.newFolder("qwen2")
    File(dir, ImageProcessorConfig.FILE_NAME)
      .writeText(
        """{"patch_size": 14, "temporal_patch_size": 2, "merge_size": 2,
          "min_pixels": 3136, "max_pixels": 12845056,
          "image_mean": [0.48, 0.45, 0.41], "image_std": [0.27, 0.26, 0.28]}"""
      )
    val plan = preview(1000, 1000, PhotoBudget.FAST, dir).option(PhotoBudget.FAST).plan!!
    // 64 tokens of 28 × 28 pixels: a square picture becomes 8 × 8 tokens, 224 × 224 pixels.
    assertEquals(224, plan.resizedWidth())
    assertEquals(224, plan.resizedHeight())
    assertEquals(64, plan.tokens())
  }

  @Test
  fun thePackagesVisionConfig_setsTheCostModel() {
    val dir = tmp.newFolder("small")
    // A tower a quarter as wide with the same heads: the attention scores are the same size, the
    // activations a quarter.
    File(dir, "config.json")
      .writeText(
        """{"vision_config": {"depth": 2, "hidden_size": 256, "num_heads": 16,
          "intermediate_size": 1024, "out_hidden_size": 512, "spatial_merge_size": 2}}"""
      )
    val plan = preview(1000, 1000, PhotoBudget.FAST, dir).option(PhotoBudget.FAST).plan!!
    val patches = plan.patches().toLong()
    assertEquals(
      16L * patches * patches * 4 + patches * 1536 * 4 + patches * 256 * 4 * 8,
      plan.estimatedPeakBytes(),
    )
    val model = PackageVisionCosts.costModel(dir)
    // Blocks: 2 × (4 · 256² + 2 · 256 · 1024); merger: 1024 × (1024 + 512).
    assertEquals(2L * (4 * 256 * 256 + 2 * 256 * 1024) + 1024L * (1024 + 512), model.parameters())
  }

  @Test
  fun aPictureTooLongForASmallBudget_isRefusedThere_only() {
    val result = preview(8000, 40, PhotoBudget.DETAILED)
    val fast = result.option(PhotoBudget.FAST)
    assertNull(fast.plan)
    assertTrue(fast.refusal!!.contains("long and narrow"))
    assertTrue(result.option(PhotoBudget.DETAILED).plan != null)
  }
}
