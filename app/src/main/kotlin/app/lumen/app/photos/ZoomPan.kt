package app.lumen.app.photos

/**
 * The photo viewer's zoom and pan: scale between [MIN_SCALE] and [MAX_SCALE], the picture moved at
 * most as far as keeps it covering the view (nothing to pan at 1×). Pure and immutable; each
 * gesture makes a new one.
 *
 * @param scale times the fitted size
 * @param x horizontal shift of the picture's centre, in pixels
 * @param y vertical shift of the picture's centre, in pixels
 */
data class ZoomPan(val scale: Float = MIN_SCALE, val x: Float = 0f, val y: Float = 0f) {

  /**
   * After a pinch or drag: [zoom] multiplies the scale, [panX]/[panY] move the picture, inside a
   * view of [width] × [height] pixels.
   */
  fun transformed(zoom: Float, panX: Float, panY: Float, width: Float, height: Float): ZoomPan {
    val newScale = (scale * zoom).coerceIn(MIN_SCALE, MAX_SCALE)
    return ZoomPan(newScale, x + panX, y + panY).bounded(width, height)
  }

  /** A double tap: zooms in to [DOUBLE_TAP_SCALE] from the fitted size, else back to it. */
  fun toggled(): ZoomPan = if (scale > MIN_SCALE) ZoomPan() else ZoomPan(DOUBLE_TAP_SCALE)

  private fun bounded(width: Float, height: Float): ZoomPan {
    if (scale <= MIN_SCALE) return ZoomPan(scale) // fitted: nothing to pan
    val maxX = (scale - 1f) * width / 2
    val maxY = (scale - 1f) * height / 2
    return copy(x = x.coerceIn(-maxX, maxX), y = y.coerceIn(-maxY, maxY))
  }

  companion object {
    const val MIN_SCALE = 1f
    /** Enough to read small print in a phone photo shown on a phone screen. */
    const val MAX_SCALE = 5f
    const val DOUBLE_TAP_SCALE = 2.5f
  }
}
