package app.lumen.app.camera

import app.lumen.vision.RgbImage
import app.lumen.vision.YuvFrame
import java.nio.ByteBuffer
import kotlin.math.roundToInt

/**
 * Camera frames as phones hand them over: `YUV_420_888` with rows padded past the width and the
 * chroma planes interleaved (pixel stride 2), built from blocks of known colour.
 */
object TestFrames {
  /** Padding at the end of each row, as camera buffers have. */
  private const val ROW_PADDING = 16

  /**
   * A [width] × [height] frame (as the sensor sees it) of four quadrants: [topLeft], [topRight],
   * [bottomLeft], [bottomRight] (RGB each). Returns the frame as the camera source turns it.
   */
  fun quadrants(
    width: Int,
    height: Int,
    topLeft: IntArray,
    topRight: IntArray,
    bottomLeft: IntArray,
    bottomRight: IntArray,
  ): (Int) -> RgbImage {
    require(width % 4 == 0 && height % 4 == 0) { "quadrants must hold whole chroma blocks" }
    fun colour(x: Int, y: Int) =
      when {
        y < height / 2 && x < width / 2 -> topLeft
        y < height / 2 -> topRight
        x < width / 2 -> bottomLeft
        else -> bottomRight
      }
    val yStride = width + ROW_PADDING
    val luma = ByteArray(yStride * height)
    for (y in 0 until height) for (x in 0 until width) {
      val (r, g, b) = colour(x, y).toList()
      luma[y * yStride + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b)
    }
    // Chroma: one U,V pair per 2×2 block, interleaved in one buffer as NV21-style phones do.
    val chromaStride = width + ROW_PADDING
    val chroma = ByteArray(chromaStride * (height / 2))
    for (cy in 0 until height / 2) for (cx in 0 until width / 2) {
      val (r, g, b) = colour(cx * 2, cy * 2).toList()
      chroma[cy * chromaStride + cx * 2] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)
      chroma[cy * chromaStride + cx * 2 + 1] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
    }
    return { rotation ->
      YuvFrame.toRgb(
        width,
        height,
        YuvFrame.Plane(ByteBuffer.wrap(luma), yStride, 1),
        YuvFrame.Plane(ByteBuffer.wrap(chroma).slice(), chromaStride, 2),
        YuvFrame.Plane(ByteBuffer.wrap(chroma, 1, chroma.size - 1).slice(), chromaStride, 2),
        rotation,
      )
    }
  }

  private fun clamp(v: Double): Byte = v.roundToInt().coerceIn(0, 255).toByte()
}
