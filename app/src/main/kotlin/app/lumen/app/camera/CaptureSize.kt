package app.lumen.app.camera

import app.lumen.vision.TokenBudget
import kotlin.math.abs

/** A width × height in pixels, as a camera offers its output sizes. */
data class PixelSize(val width: Int, val height: Int) {
  val pixels: Long
    get() = width.toLong() * height

  override fun toString() = "${width}x$height"
}

/**
 * Which of a camera's output sizes to ask for: no more pixels than the model will look at (a larger
 * picture costs capture time, storage and decode time, and is shrunk anyway), no fewer either.
 *
 * Pure and thread-safe.
 */
object CaptureSize {
  /**
   * Pixels per side of one merged image token of Qwen3-VL (patch 16 × spatial merge 2): a budget of
   * n tokens looks at up to n × 32² pixels.
   */
  const val QWEN3_VL_FACTOR = 32

  /** Aspect ratios closer than this are the same (camera sizes are rounded to even numbers). */
  private const val ASPECT_TOLERANCE = 0.01

  /**
   * The smallest of [sizes] whose pixels cover [budget] (at [factor] pixels per token side) and
   * that has the sensor's aspect (that of its largest size, which is the whole sensor); when none
   * covers it, the largest. Sizes of another aspect are chosen only when there are no others.
   *
   * @throws IllegalArgumentException when [sizes] is empty
   */
  fun forBudget(
    sizes: List<PixelSize>,
    budget: TokenBudget,
    factor: Int = QWEN3_VL_FACTOR,
  ): PixelSize = covering(sizes, budget.maxPixels(factor))

  /**
   * The smallest of [sizes] with the sensor's aspect that has at least [pixels]; else the largest.
   */
  fun covering(sizes: List<PixelSize>, pixels: Long): PixelSize {
    require(sizes.isNotEmpty()) { "the camera offers no output size" }
    val sensor = sizes.maxWith(compareBy<PixelSize> { it.pixels }.thenBy { it.width })
    val aspect = sensor.width.toDouble() / sensor.height
    val sameAspect =
      sizes.filter { abs(it.width.toDouble() / it.height - aspect) <= aspect * ASPECT_TOLERANCE }
    return sameAspect
      .filter { it.pixels >= pixels }
      .minWithOrNull(compareBy<PixelSize> { it.pixels }.thenBy { it.width }) ?: sensor
  }
}
