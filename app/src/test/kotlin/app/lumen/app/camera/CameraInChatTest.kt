package app.lumen.app.camera

import android.Manifest
import android.app.Application
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isEnabled
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.MainActivity
import app.lumen.app.TestLumenApplication
import app.lumen.app.TestPhotos
import app.lumen.app.VirtualClock
import app.lumen.app.ui.FakeInstalledModel
import app.lumen.app.ui.runUntilShown
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.vision.RgbImage
import java.io.File
import kotlin.math.abs
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * The camera in the real activity, on a fake camera: a picture taken goes into the composer and
 * reaches the model upright; point-and-ask sends the current frame with each question; the
 * permission's refusals say what to do.
 */
@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
// A phone's height: point-and-ask's viewfinder leaves the default small screen no room for
// messages.
@Config(qualifiers = "w411dp-h891dp")
class CameraInChatTest {
  private val clock = VirtualClock()
  private val engine = FakeInferenceEngine(clock)
  private val tmp = TemporaryFolder()
  private val compose = createAndroidComposeRule<MainActivity>()
  private val app = ApplicationProvider.getApplicationContext<Application>()
  private val camera = FakeCameraSource()

  @get:Rule
  val rules: RuleChain = RuleChain.outerRule(tmp).around(FakeInstalledModel(engine)).around(compose)

  init {
    TestLumenApplication.cameras = camera
  }

  @After
  fun noCamera() {
    TestLumenApplication.cameras = FakeCameraSource(cameras = emptyList())
  }

  private fun text(id: Int) = app.getString(id)

  private fun grantCamera() = shadowOf(app).grantPermissions(Manifest.permission.CAMERA)

  private fun openNewChat() {
    compose.onNodeWithTag("new_chat").performClick()
    compose.waitForIdle()
  }

  private val red = intArrayOf(220, 30, 30)
  private val green = intArrayOf(30, 200, 40)
  private val blue = intArrayOf(30, 40, 220)
  private val yellow = intArrayOf(230, 220, 40)

  /** Red and green above blue and yellow, as a camera writes it with JPEG_ORIENTATION 90. */
  private fun cameraJpeg(): ByteArray {
    fun colour(c: IntArray) = android.graphics.Color.rgb(c[0], c[1], c[2])
    return TestPhotos.quadrantJpeg(
        File(tmp.root, "camera.jpg"),
        colour(red),
        colour(green),
        colour(blue),
        colour(yellow),
      )
      .readBytes()
  }

  private fun assertColour(
    what: String,
    expected: IntArray,
    image: RgbImage,
    x: Int,
    y: Int,
    tolerance: Int,
  ) {
    val actual = IntArray(3) { image.channel(x, y, it) }
    assertTrue(
      "$what at ($x, $y): expected ${expected.toList()}, was ${actual.toList()}",
      (0..2).all { abs(actual[it] - expected[it]) <= tolerance },
    )
  }

  /** Corners sampled a little inside, away from the quadrants' edges. */
  private fun assertCorners(
    image: RgbImage,
    topLeft: IntArray,
    topRight: IntArray,
    bottomLeft: IntArray,
    bottomRight: IntArray,
    tolerance: Int,
  ) {
    val l = image.width / 8
    val r = image.width - 1 - l
    val t = image.height / 8
    val b = image.height - 1 - t
    assertColour("top left", topLeft, image, l, t, tolerance)
    assertColour("top right", topRight, image, r, t, tolerance)
    assertColour("bottom left", bottomLeft, image, l, b, tolerance)
    assertColour("bottom right", bottomRight, image, r, b, tolerance)
  }

  private fun lastImage(): FakeImageInput =
    engine.requests().last().messages().last().images().single() as FakeImageInput

  @Test
  fun aPictureTaken_goesIntoTheComposer_andReachesTheModelUpright() {
    grantCamera()
    camera.jpeg = cameraJpeg()
    openNewChat()

    compose.onNodeWithText(text(R.string.nav_settings)).assertExists()
    compose.onNodeWithContentDescription(text(R.string.open_camera)).performClick()
    compose.runUntilShown(
      clock,
      hasContentDescription(text(R.string.camera_capture)) and isEnabled(),
    )
    // The camera has the whole window: no navigation bar under it.
    compose.onNodeWithText(text(R.string.nav_settings)).assertDoesNotExist()
    compose.onNodeWithContentDescription(text(R.string.camera_capture)).performClick()

    // The camera closes and the picture waits in the composer, copied into the app's folder.
    compose.runUntilShown(clock, hasContentDescription(text(R.string.remove_photo)))
    compose.onNodeWithText(text(R.string.nav_settings)).assertExists()
    assertEquals(listOf(90), camera.captureRotations)
    assertEquals(null, camera.open)
    assertTrue(
      File(app.filesDir, "attachments").listFiles().orEmpty().any { it.name.endsWith(".img") }
    )

    compose.onNodeWithTag("send").assertIsEnabled().performClick()
    clock.runUntil { engine.requests().isNotEmpty() }

    // Shown upright, the 400 × 200 picture is 200 × 400: its left column (red over blue) on top.
    val image = lastImage().decoded()
    assertEquals(image.width * 2, image.height)
    assertCorners(
      image,
      topLeft = blue,
      topRight = red,
      bottomLeft = yellow,
      bottomRight = green,
      tolerance = 30,
    )
  }

  @Test
  fun pointAndAsk_sendsTheCurrentFrame_andANewQuestionANewFrame() {
    grantCamera()
    // As the sensor sees them (64 × 48); the back sensor sits at 90°, so each is turned a quarter.
    camera.frames.addLast(TestFrames.quadrants(64, 48, red, green, blue, yellow))
    camera.frames.addLast(TestFrames.quadrants(64, 48, yellow, blue, green, red))
    openNewChat()

    compose.onNodeWithContentDescription(text(R.string.live_mode_start)).performClick()
    compose.runUntilShown(clock, hasText(text(R.string.live_what_is_this)) and isEnabled())
    compose.onNodeWithText(text(R.string.live_what_is_this)).performClick()
    clock.runUntil { engine.requests().size == 1 }

    assertEquals(listOf(90), camera.frameRotations)
    val first = lastImage().decoded()
    assertEquals(48, first.width)
    assertEquals(64, first.height)
    // Turned a quarter clockwise: the sensor's left column (red over blue) is now the top row.
    assertCorners(
      first,
      topLeft = blue,
      topRight = red,
      bottomLeft = yellow,
      bottomRight = green,
      tolerance = 6,
    )
    assertEquals(
      text(R.string.live_what_is_this),
      engine.requests().last().messages().last().text(),
    )
    compose.runUntilShown(clock, hasContentDescription(text(R.string.photo)))

    // The answer ends; the next question takes a new frame.
    compose.runUntilShown(clock, hasText(text(R.string.live_read_text)) and isEnabled())
    compose.onNodeWithText(text(R.string.live_read_text)).performClick()
    clock.runUntil { engine.requests().size == 2 }

    val second = lastImage().decoded()
    assertCorners(
      second,
      topLeft = green,
      topRight = yellow,
      bottomLeft = red,
      bottomRight = blue,
      tolerance = 6,
    )

    // Leaving point-and-ask closes the camera.
    compose.onNodeWithContentDescription(text(R.string.live_mode_stop)).performClick()
    compose.waitForIdle()
    assertEquals(null, camera.open)
  }

  @Test
  fun aDeniedCamera_explainsWhy_andAsksAgainOnAllow() {
    openNewChat()
    compose.onNodeWithContentDescription(text(R.string.open_camera)).performClick()
    compose.waitForIdle()
    val asked = shadowOf(compose.activity).lastRequestedPermission
    assertEquals(listOf(Manifest.permission.CAMERA), asked.requestedPermissions.toList())

    shadowOf(app.packageManager)
      .setShouldShowRequestPermissionRationale(Manifest.permission.CAMERA, true)
    deny(asked.requestCode)

    compose.runUntilShown(clock, text(R.string.camera_permission_rationale))
    compose.onNodeWithText(text(R.string.camera_permission_allow)).performClick()
    compose.waitForIdle()
    assertEquals(
      listOf(Manifest.permission.CAMERA),
      shadowOf(compose.activity).lastRequestedPermission.requestedPermissions.toList(),
    )
    assertEquals(0, camera.opens)
  }

  @Test
  fun aPermanentlyDeniedCamera_opensTheAppsSettings() {
    openNewChat()
    compose.onNodeWithContentDescription(text(R.string.open_camera)).performClick()
    compose.waitForIdle()
    shadowOf(app.packageManager)
      .setShouldShowRequestPermissionRationale(Manifest.permission.CAMERA, false)
    deny(shadowOf(compose.activity).lastRequestedPermission.requestCode)

    compose.runUntilShown(clock, text(R.string.camera_permission_denied))
    compose.onNodeWithText(text(R.string.camera_open_settings)).performClick()

    val started = shadowOf(compose.activity).nextStartedActivity
    assertEquals(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, started.action)
    assertEquals(Uri.fromParts("package", app.packageName, null), started.data)
    assertEquals(0, camera.opens)
  }

  /** The user answers the system's prompt with "Don't allow". */
  @Suppress("DEPRECATION")
  private fun deny(requestCode: Int) {
    compose.activity.onRequestPermissionsResult(
      requestCode,
      arrayOf(Manifest.permission.CAMERA),
      intArrayOf(PackageManager.PERMISSION_DENIED),
    )
  }
}
