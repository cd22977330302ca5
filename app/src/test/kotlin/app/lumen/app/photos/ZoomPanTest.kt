package app.lumen.app.photos

import org.junit.Assert.assertEquals
import org.junit.Test

class ZoomPanTest {
  private val width = 1000f
  private val height = 2000f

  @Test
  fun pinch_zoomsWithinOneToFiveTimes() {
    val zoomed = ZoomPan().transformed(3f, 0f, 0f, width, height)
    assertEquals(3f, zoomed.scale)
    assertEquals(5f, zoomed.transformed(4f, 0f, 0f, width, height).scale)
    assertEquals(1f, zoomed.transformed(0.1f, 0f, 0f, width, height).scale)
  }

  @Test
  fun pan_staysWithinThePictureEdges_andIsNothingAtOneTimes() {
    assertEquals(ZoomPan(), ZoomPan().transformed(1f, 300f, -300f, width, height))
    // At 2× the picture is 2000 × 4000: its centre may move 500 sideways, 1000 up or down.
    val moved = ZoomPan(2f).transformed(1f, 800f, -400f, width, height)
    assertEquals(500f, moved.x)
    assertEquals(-400f, moved.y)
    // Zooming back out pulls it in with the edges.
    val out = moved.transformed(0.75f, 0f, 0f, width, height)
    assertEquals(1.5f, out.scale)
    assertEquals(250f, out.x)
    assertEquals(-400f, out.y)
  }

  @Test
  fun doubleTap_togglesBetweenFittedAndZoomedIn() {
    assertEquals(ZoomPan.DOUBLE_TAP_SCALE, ZoomPan().toggled().scale)
    assertEquals(ZoomPan(), ZoomPan(4f, 100f, 100f).toggled())
  }
}
