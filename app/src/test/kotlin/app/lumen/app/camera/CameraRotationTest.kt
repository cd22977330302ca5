package app.lumen.app.camera

import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

class CameraRotationTest {
  /**
   * Expected turns, worked out by hand from what each camera sees: rows are the sensor's mounting
   * angle 0, 90, 180, 270; columns the display's rotation ROTATION_0, _90, _180, _270.
   */
  private val back =
    arrayOf(
      intArrayOf(0, 270, 180, 90),
      intArrayOf(90, 0, 270, 180),
      intArrayOf(180, 90, 0, 270),
      intArrayOf(270, 180, 90, 0),
    )
  private val front =
    arrayOf(
      intArrayOf(0, 90, 180, 270),
      intArrayOf(90, 180, 270, 0),
      intArrayOf(180, 270, 0, 90),
      intArrayOf(270, 0, 90, 180),
    )

  @Test
  fun everySensorDisplayAndFacing_turnsAsTheTableSays() {
    for (sensor in 0..3) {
      for (display in 0..3) {
        assertEquals(
          "back, sensor ${sensor * 90}, display $display",
          back[sensor][display],
          CameraRotation.degrees(sensor * 90, display, LensFacing.BACK),
        )
        assertEquals(
          "front, sensor ${sensor * 90}, display $display",
          front[sensor][display],
          CameraRotation.degrees(sensor * 90, display, LensFacing.FRONT),
        )
      }
    }
  }

  @Test
  fun aTypicalPhoneHeldUpright_turnsBackPicturesAQuarterClockwise() {
    // Most phones mount the back sensor at 90 and the front one at 270.
    assertEquals(90, CameraRotation.degrees(90, 0, LensFacing.BACK))
    assertEquals(270, CameraRotation.degrees(270, 0, LensFacing.FRONT))
  }

  @Test
  fun oddAngles_areRefused() {
    assertThrows(IllegalArgumentException::class.java) {
      CameraRotation.degrees(45, 0, LensFacing.BACK)
    }
    assertThrows(IllegalArgumentException::class.java) {
      CameraRotation.degrees(90, 4, LensFacing.BACK)
    }
    assertThrows(IllegalArgumentException::class.java) {
      CameraRotation.degrees(90, -1, LensFacing.FRONT)
    }
  }

  @Test
  fun aTapOnTheViewfinder_isTheSamePointOfTheSensorsPicture() {
    // Turned a quarter clockwise, the sensor's top-left corner shows at the view's top-right and
    // its bottom-left at the view's top-left.
    assertEquals(Pair(0f, 0f), CameraRotation.viewToSensor(1f, 0f, 90, LensFacing.BACK))
    assertEquals(Pair(0f, 1f), CameraRotation.viewToSensor(0f, 0f, 90, LensFacing.BACK))
    // Upside down, the view's top-left is the sensor's bottom-right.
    assertEquals(Pair(1f, 1f), CameraRotation.viewToSensor(0f, 0f, 180, LensFacing.BACK))
    // Unturned, a point is itself; a front camera's view is mirrored left to right.
    assertEquals(Pair(0.25f, 0.5f), CameraRotation.viewToSensor(0.25f, 0.5f, 0, LensFacing.BACK))
    assertEquals(Pair(0.75f, 0.5f), CameraRotation.viewToSensor(0.25f, 0.5f, 0, LensFacing.FRONT))
  }
}
