package app.lumen.app.camera

import android.view.Surface
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.data.AttachmentFiles
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceUntilIdle
import kotlinx.coroutines.test.runTest
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith

/** The camera's state machine on a fake camera, on the test's virtual time. */
@OptIn(ExperimentalCoroutinesApi::class)
@RunWith(AndroidJUnit4::class)
class CameraControllerTest {
  @get:Rule val tmp = TemporaryFolder()

  private val source = FakeCameraSource()
  private var displayRotation = Surface.ROTATION_0

  private fun TestScope.controller(use: CameraUse = CameraUse.PHOTO): CameraController {
    val dispatcher = StandardTestDispatcher(testScheduler)
    return CameraController(
      source,
      CameraPictures(AttachmentFiles(File(tmp.root, "attachments")), dispatcher),
      // The controller's own scope, on the test's scheduler: its work is the test's to run.
      CoroutineScope(SupervisorJob() + dispatcher),
      use,
      displayRotation = { displayRotation },
    )
  }

  private fun TestScope.opened(use: CameraUse = CameraUse.PHOTO): CameraController {
    val camera = controller(use)
    camera.onPermission(granted = true)
    camera.onResume()
    advanceUntilIdle()
    return camera
  }

  private val backPreview = FakeCameraSource.BACK_PREVIEWING

  @Test
  fun theCameraOpens_onlyOnceAllowedAndInFront() = runTest {
    val camera = controller()
    camera.onResume()
    advanceUntilIdle()
    assertEquals(CameraState.NeedsPermission, camera.state.value)
    assertEquals(0, source.opens)

    camera.onPermission(granted = true)
    assertEquals(CameraState.Opening, camera.state.value)
    advanceUntilIdle()

    assertEquals(backPreview, camera.state.value)
    assertEquals(FakeCameraSource.BACK, source.open)
    // HIGH (1,048,576 px): 640×480 falls short, 1600×1200 is the smallest 4:3 size that covers it.
    assertEquals(PixelSize(1600, 1200), source.outputs?.jpeg)
    assertNull("a photo camera streams no live frames", source.outputs?.frames)
  }

  @Test
  fun pause_closesTheCamera_andResume_opensItAgain() = runTest {
    val camera = opened()

    camera.onPause()
    assertEquals(CameraState.Closed, camera.state.value)
    assertNull(source.open)
    assertEquals(1, source.closes)

    camera.onResume()
    advanceUntilIdle()
    assertEquals(backPreview, camera.state.value)
    assertEquals(2, source.opens)
  }

  @Test
  fun capture_storesTheCamerasJpeg_turnedForTheDisplay() = runTest {
    source.jpeg = byteArrayOf(1, 2, 3, 4, 5)
    val camera = opened()

    val picture = camera.capture()

    assertArrayEquals(source.jpeg, File(picture!!.filePath).readBytes())
    assertTrue(File(picture.filePath).parentFile!!.name == "attachments")
    // The back sensor sits at 90°; the phone is upright.
    assertEquals(listOf(90), source.captureRotations)
    assertEquals(backPreview, camera.state.value)

    displayRotation = Surface.ROTATION_90 // turned a quarter to the left: landscape
    camera.capture()
    assertEquals(listOf(90, 0), source.captureRotations)
  }

  @Test
  fun theViewfinder_takesThePreviewsShape_turnedForTheDisplay() = runTest {
    // A camera whose previews are all 16:9: held upright, the preview is 9 wide by 16 high.
    source.cameras =
      listOf(
        FakeCameraSource.BACK.copy(
          previewSizes = listOf(PixelSize(1920, 1080), PixelSize(1280, 720))
        )
      )
    val camera = opened()
    assertEquals(PixelSize(1280, 720), source.outputs?.preview)
    assertEquals(9f / 16f, (camera.state.value as CameraState.Previewing).aspect, 1e-6f)

    camera.onPause()
    displayRotation = Surface.ROTATION_90 // landscape: the sensor's own shape
    camera.onResume()
    advanceUntilIdle()
    assertEquals(16f / 9f, (camera.state.value as CameraState.Previewing).aspect, 1e-6f)
  }

  @Test
  fun switchCamera_opensTheFrontOne_whichHasNoTorchNorFocus() = runTest {
    val camera = opened()
    camera.toggleTorch()
    assertTrue(source.torch)

    camera.switchCamera()
    advanceUntilIdle()

    assertEquals(FakeCameraSource.FRONT, source.open)
    assertEquals(
      CameraState.Previewing(
        LensFacing.FRONT,
        torchOn = false,
        canTorch = false,
        canFocus = false,
        canSwitch = true,
      ),
      camera.state.value,
    )
    camera.toggleTorch()
    camera.focusAt(0.5f, 0.5f)
    assertFalse(source.torch)
    assertTrue(source.focusPoints.isEmpty())
    camera.capture()
    // The front sensor sits at 270°: mirrored, it turns by the sum of the angles.
    assertEquals(listOf(270), source.captureRotations)

    camera.switchCamera()
    advanceUntilIdle()
    assertEquals(FakeCameraSource.BACK, source.open)
  }

  @Test
  fun torchAndFocus_workWhereTheCameraHasThem() = runTest {
    val camera = opened()

    camera.toggleTorch()
    assertEquals(backPreview.copy(torchOn = true), camera.state.value)
    assertTrue(source.torch)
    camera.toggleTorch()
    assertFalse(source.torch)

    camera.focusAt(1f, 0f) // the view's top-right: the sensor's top-left, turned by 90°
    assertEquals(listOf(Pair(0f, 0f)), source.focusPoints)
  }

  @Test
  fun aCameraWithoutFlash_offersNoTorch() = runTest {
    source.cameras = listOf(FakeCameraSource.FRONT)
    val camera = opened()

    val state = camera.state.value as CameraState.Previewing
    assertFalse(state.canTorch)
    assertFalse("nothing to switch to", state.canSwitch)
    camera.toggleTorch()
    assertFalse(source.torch)
  }

  @Test
  fun aDenial_saysWhetherItCanBeAskedAgain() = runTest {
    val camera = controller()
    camera.onResume()

    camera.onPermission(granted = false, canAskAgain = true)
    assertEquals(CameraState.PermissionDenied(permanently = false), camera.state.value)
    camera.onPermission(granted = false, canAskAgain = false)
    assertEquals(CameraState.PermissionDenied(permanently = true), camera.state.value)
    advanceUntilIdle()
    assertEquals(0, source.opens)

    camera.onPermission(granted = true)
    advanceUntilIdle()
    assertEquals(backPreview, camera.state.value)
  }

  @Test
  fun aPhoneWithoutCamera_failsPlainly() = runTest {
    source.cameras = emptyList()
    val camera = opened()
    assertEquals(CameraState.Failed(CameraProblem.NO_CAMERA), camera.state.value)
    assertNull(camera.capture())
  }

  @Test
  fun aCameraThatIsLostOrWillNotOpen_fails_andRetryOpensItAgain() = runTest {
    val camera = opened()
    source.lose(CameraProblem.UNAVAILABLE)
    advanceUntilIdle()
    assertEquals(CameraState.Failed(CameraProblem.UNAVAILABLE), camera.state.value)
    assertNull(source.open)

    source.failOpen = CameraProblem.FAILED
    camera.retry()
    advanceUntilIdle()
    assertEquals(CameraState.Failed(CameraProblem.FAILED), camera.state.value)

    source.failOpen = null
    camera.retry()
    advanceUntilIdle()
    assertEquals(backPreview, camera.state.value)
  }

  @Test
  fun liveMode_streamsFrames_notPictures() = runTest {
    opened(CameraUse.LIVE)
    // HIGH again: 640×480 falls short, 1280×960 covers it.
    assertEquals(PixelSize(1280, 960), source.outputs?.frames)
    assertNull(source.outputs?.jpeg)
  }
}
