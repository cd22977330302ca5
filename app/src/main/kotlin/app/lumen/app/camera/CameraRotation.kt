package app.lumen.app.camera

/** Which way a camera looks; the front one mirrors what it shows. */
enum class LensFacing {
  BACK,
  FRONT,
}

/**
 * The clockwise angle that shows a camera's pixels upright, for the JPEG's orientation and for live
 * frames. Android's documented formula (see `CaptureRequest.JPEG_ORIENTATION`): a back camera turns
 * by the sensor's angle less the device's, a front camera (whose view is mirrored) by their sum.
 *
 * Pure and thread-safe.
 */
object CameraRotation {

  /**
   * The rotation for a sensor mounted at [sensorDegrees] (0, 90, 180 or 270, from
   * `SENSOR_ORIENTATION`) while the display is turned by [displayRotation] (`Surface.ROTATION_0` ..
   * `Surface.ROTATION_270`, that is 0..3).
   *
   * @throws IllegalArgumentException for a sensor angle that is not a quarter turn or a display
   *   rotation outside 0..3
   */
  fun degrees(sensorDegrees: Int, displayRotation: Int, facing: LensFacing): Int {
    require(sensorDegrees in QUARTER_TURNS) {
      "sensor orientation must be 0, 90, 180 or 270, was $sensorDegrees"
    }
    require(displayRotation in 0..3) {
      "display rotation must be Surface.ROTATION_0..ROTATION_270 (0..3), was $displayRotation"
    }
    val device = displayRotation * 90
    return when (facing) {
      LensFacing.BACK -> (sensorDegrees - device + 360) % 360
      LensFacing.FRONT -> (sensorDegrees + device) % 360
    }
  }

  /**
   * A point tapped on the upright viewfinder ([x], [y] in 0..1) as the same point of the sensor's
   * own picture, for focus regions: the view shows the sensor's pixels turned by [rotationDegrees]
   * clockwise, and mirrored for a [LensFacing.FRONT] camera.
   */
  fun viewToSensor(
    x: Float,
    y: Float,
    rotationDegrees: Int,
    facing: LensFacing,
  ): Pair<Float, Float> {
    // The preview of a front camera is mirrored after the turn: undo the mirror first.
    val vx = if (facing == LensFacing.FRONT) 1f - x else x
    return when (rotationDegrees) {
      90 -> Pair(y, 1f - vx)
      180 -> Pair(1f - vx, 1f - y)
      270 -> Pair(1f - y, vx)
      else -> Pair(vx, y)
    }
  }

  private val QUARTER_TURNS = setOf(0, 90, 180, 270)
}
