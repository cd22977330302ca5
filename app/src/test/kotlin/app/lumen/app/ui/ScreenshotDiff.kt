package app.lumen.app.ui

import kotlin.math.abs
import kotlin.math.max

/**
 * How far a rendered screen is from its committed golden, both as ARGB pixels of the same size.
 *
 * A pixel matches when each channel is within [CHANNEL_TOLERANCE] of the golden pixel at its place,
 * or lies (within that tolerance) between the darkest and lightest value of that channel among the
 * golden's 3×3 neighbourhood. The first absorbs rounding in blends, gradients and shadows; the
 * second absorbs antialiased edges drawn up to a pixel off, which is how glyphs differ between
 * rasterisers (text edges are 1–3.5% of these screens). A changed colour in a flat area, or
 * something drawn where there was nothing, leaves the neighbourhood's range and counts.
 */
internal class ScreenshotDiff
private constructor(
  val width: Int,
  val height: Int,
  /** Whether each pixel (row by row) does not match. */
  val mismatched: BooleanArray,
  /** The largest channel difference at a mismatched pixel (0 when none). */
  val maxDifference: Int,
) {
  val mismatchedPixels = mismatched.count { it }

  val mismatchedFraction: Double
    get() = mismatchedPixels.toDouble() / (width * height)

  /** Whether the difference is within what rendering on another machine may cause. */
  val acceptable: Boolean
    get() = mismatchedFraction <= MAX_MISMATCHED_FRACTION

  companion object {
    /** Rounding of blends, gradients and shadows (a level or two); a changed colour is more. */
    const val CHANNEL_TOLERANCE = 4

    /**
     * 0.05% of the pixels: 1,650 on a 1233×2673 screen, a 40×40 px (13 dp) area. Text changes
     * smaller than that are what the semantics assertions are for.
     */
    const val MAX_MISMATCHED_FRACTION = 0.0005

    fun of(golden: IntArray, actual: IntArray, width: Int, height: Int): ScreenshotDiff {
      require(golden.size == width * height && actual.size == width * height)
      val mismatched = BooleanArray(width * height)
      var maxDifference = 0
      for (y in 0 until height) {
        for (x in 0 until width) {
          val i = y * width + x
          if (matches(golden, actual[i], x, y, width, height)) continue
          mismatched[i] = true
          maxDifference = max(maxDifference, difference(golden[i], actual[i]))
        }
      }
      return ScreenshotDiff(width, height, mismatched, maxDifference)
    }

    private fun matches(golden: IntArray, pixel: Int, x: Int, y: Int, width: Int, height: Int) =
      difference(golden[y * width + x], pixel) <= CHANNEL_TOLERANCE ||
        (0 until 4).all { channel ->
          val value = channel(pixel, channel)
          var low = 255
          var high = 0
          for (ny in max(0, y - 1)..minOf(height - 1, y + 1)) {
            for (nx in max(0, x - 1)..minOf(width - 1, x + 1)) {
              val v = channel(golden[ny * width + nx], channel)
              low = minOf(low, v)
              high = max(high, v)
            }
          }
          value >= low - CHANNEL_TOLERANCE && value <= high + CHANNEL_TOLERANCE
        }

    private fun difference(a: Int, b: Int) =
      (0 until 4).maxOf { abs(channel(a, it) - channel(b, it)) }

    private fun channel(argb: Int, channel: Int) = (argb ushr (channel * 8)) and 0xFF
  }
}
