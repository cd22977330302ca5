package app.lumen.app.ui

import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class ScreenshotDiffTest {
  private val width = 40
  private val height = 40

  /** A white picture with a grey antialiased stroke, [shift] pixels right of column 10. */
  private fun stroke(shift: Int = 0, paper: Int = WHITE) =
    IntArray(width * height) { i ->
      when (i % width - shift) {
        10 -> GREY
        11 -> BLACK
        12 -> GREY
        else -> paper
      }
    }

  @Test
  fun sameOrSlightlyRoundedPixels_match() {
    val golden = stroke()
    val rounded = golden.map { if (it == GREY) GREY + 0x030303 else it }.toIntArray()
    val diff = ScreenshotDiff.of(golden, rounded, width, height)
    assertEquals(0, diff.mismatchedPixels)
    assertTrue(diff.acceptable)
  }

  @Test
  fun edgeDrawnAPixelOff_matches() {
    val diff = ScreenshotDiff.of(stroke(), stroke(shift = 1), width, height)
    assertEquals(0, diff.mismatchedPixels)
  }

  @Test
  fun edgeMovedFurther_orPaperOfAnotherTone_mismatches() {
    val moved = ScreenshotDiff.of(stroke(), stroke(shift = 3), width, height)
    // Per row: the stroke's black and far grey where there was paper, paper where it was black.
    assertEquals(3 * height, moved.mismatchedPixels)
    assertEquals(255, moved.maxDifference)
    val toned = ScreenshotDiff.of(stroke(), stroke(paper = 0xFFF7F2FA.toInt()), width, height)
    // All the paper but the columns beside the stroke, whose range reaches to grey.
    assertEquals((width - 5) * height, toned.mismatchedPixels)
    assertFalse(toned.acceptable)
  }

  private companion object {
    const val WHITE = 0xFFFFFFFF.toInt()
    const val GREY = 0xFF808080.toInt()
    const val BLACK = 0xFF000000.toInt()
  }
}
