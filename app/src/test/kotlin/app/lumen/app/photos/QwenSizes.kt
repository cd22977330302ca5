package app.lumen.app.photos

import kotlin.math.ceil
import kotlin.math.floor
import kotlin.math.sqrt

/**
 * Qwen3-VL's `smart_resize` and token count, written out from the Hugging Face processor for tests
 * to compute their expected numbers on their own (patch 16, merge 2: 32 pixels per token side).
 */
object QwenSizes {
  private const val FACTOR = 32
  private const val PATCH = 16
  private const val PROCESSOR_MIN_PIXELS = 65_536L

  /** Width × height a [width] × [height] picture is resized to within [tokens]. */
  fun resized(width: Int, height: Int, tokens: Int): Pair<Int, Int> {
    val maxPixels = tokens.toLong() * FACTOR * FACTOR
    val minPixels = minOf(PROCESSOR_MIN_PIXELS, maxPixels)
    var h = roundHalfEven(height.toDouble() / FACTOR) * FACTOR
    var w = roundHalfEven(width.toDouble() / FACTOR) * FACTOR
    if (h.toLong() * w > maxPixels) {
      val beta = sqrt(height.toDouble() * width / maxPixels)
      h = maxOf(FACTOR, floor(height / beta / FACTOR).toInt() * FACTOR)
      w = maxOf(FACTOR, floor(width / beta / FACTOR).toInt() * FACTOR)
    } else if (h.toLong() * w < minPixels) {
      val beta = sqrt(minPixels.toDouble() / (height.toDouble() * width))
      h = ceil(height * beta / FACTOR).toInt() * FACTOR
      w = ceil(width * beta / FACTOR).toInt() * FACTOR
    }
    return w to h
  }

  /** Image tokens of a picture resized to [width] × [height]: patches / merge². */
  fun tokens(width: Int, height: Int): Int = (width / PATCH) * (height / PATCH) / 4

  /** Patches (rows of pixel_values) of a picture resized to [width] × [height]. */
  fun patches(width: Int, height: Int): Long = (width / PATCH).toLong() * (height / PATCH)

  /**
   * Qwen3-VL 2B's encoder working memory for [patches], from its shape: 16 heads of attention
   * scores (patches² floats each), the patch values (1536 floats a patch) and about eight
   * activations of 1024 floats a patch.
   */
  fun peakBytes(patches: Long): Long =
    16L * patches * patches * 4 + patches * 1536 * 4 + patches * 1024 * 4 * 8

  private fun roundHalfEven(value: Double): Int = Math.rint(value).toInt()
}
