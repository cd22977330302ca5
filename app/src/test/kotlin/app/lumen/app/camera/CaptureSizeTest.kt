package app.lumen.app.camera

import app.lumen.vision.TokenBudget
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

class CaptureSizeTest {
  /** A 4:3 sensor's sizes, with 16:9 crops among them, in no particular order. */
  private val sizes =
    listOf(
      PixelSize(1280, 720), // 921,600 px, 16:9
      PixelSize(4000, 3000), // the whole sensor, 4:3
      PixelSize(320, 240), // 76,800 px
      PixelSize(1920, 1080), // 2,073,600 px, 16:9
      PixelSize(1024, 768), // 786,432 px
      PixelSize(1600, 1200), // 1,920,000 px
      PixelSize(1280, 960), // 1,228,800 px
    )

  @Test
  fun theSmallestSizeWithTheSensorsAspect_thatCoversTheBudget() {
    // HIGH: 1024 tokens of 32 × 32 = 1,048,576 px; 1024×768 falls short, 1280×960 covers it.
    assertEquals(PixelSize(1280, 960), CaptureSize.forBudget(sizes, TokenBudget.HIGH))
    // MEDIUM: 262,144 px; the 16:9 1280×720 is nearer in size but crops the sensor.
    assertEquals(PixelSize(1024, 768), CaptureSize.forBudget(sizes, TokenBudget.MEDIUM))
    // LOW: 65,536 px.
    assertEquals(PixelSize(320, 240), CaptureSize.forBudget(sizes, TokenBudget.LOW))
    // MAX: 4,194,304 px; only the whole sensor covers it.
    assertEquals(PixelSize(4000, 3000), CaptureSize.forBudget(sizes, TokenBudget.MAX))
  }

  @Test
  fun aBudgetNoSizeCovers_getsTheLargest() {
    assertEquals(PixelSize(4000, 3000), CaptureSize.forBudget(sizes, TokenBudget(20_000)))
  }

  @Test
  fun aCropThatWouldCover_isNotChosenOverTheWholeSensor() {
    val wideOnlyCovers = listOf(PixelSize(640, 480), PixelSize(1920, 1080))
    // 1920×1080 is the largest, so it sets the aspect here: the 4:3 one is a crop of it.
    assertEquals(PixelSize(1920, 1080), CaptureSize.forBudget(wideOnlyCovers, TokenBudget.HIGH))
    val sensor = listOf(PixelSize(1024, 768), PixelSize(1100, 1100), PixelSize(2048, 1536))
    assertEquals(PixelSize(2048, 1536), CaptureSize.forBudget(sensor, TokenBudget.HIGH))
  }

  @Test
  fun noSizes_isAnError() {
    assertThrows(IllegalArgumentException::class.java) {
      CaptureSize.forBudget(emptyList(), TokenBudget.HIGH)
    }
  }
}
