package app.lumen.app.share

import android.content.Intent
import android.graphics.Bitmap
import android.net.Uri
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.test.core.app.ActivityScenario
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.TestPhotos
import app.lumen.app.VirtualClock
import app.lumen.app.ui.FakeInstalledModel
import app.lumen.app.ui.runUntilShown
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.vision.RgbImage
import java.io.File
import kotlinx.coroutines.flow.first
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowToast

/**
 * Another app shares a photo and a question with Lumen: a new chat opens with both in its composer,
 * the photo copied into the app's own folder, and nothing sent until the user sends it.
 */
@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE) // decodes the shared JPEG as a phone would
class ShareIntoChatTest {
  private val clock = VirtualClock()
  private val app = ApplicationProvider.getApplicationContext<LumenApplication>()
  private val compose = createEmptyComposeRule()
  private val tmp = TemporaryFolder()
  private val engine = FakeInferenceEngine(clock)

  @get:Rule
  val rules: RuleChain = RuleChain.outerRule(tmp).around(FakeInstalledModel(engine)).around(compose)

  private var scenario: ActivityScenario<MainActivity>? = null

  @After fun close() = scenario?.close() ?: Unit

  private fun photo(): Uri {
    val file = File(tmp.root, "shared.png")
    file.outputStream().use {
      Bitmap.createBitmap(40, 30, Bitmap.Config.ARGB_8888)
        .compress(Bitmap.CompressFormat.PNG, 100, it)
    }
    return Uri.fromFile(file)
  }

  private fun share(intent: Intent) {
    scenario = ActivityScenario.launch(intent.setClass(app, MainActivity::class.java))
  }

  private fun attachments() = File(app.filesDir, "attachments").listFiles().orEmpty()

  @Test
  fun aSharedPhotoAndQuestion_openANewChatWithBothInTheComposer() {
    share(
      Intent(Intent.ACTION_SEND)
        .setType("image/png")
        .putExtra(Intent.EXTRA_STREAM, photo())
        .putExtra(Intent.EXTRA_TEXT, "What colour is this?")
    )

    compose.runUntilShown(clock, hasTestTag("input") and hasText("What colour is this?"))
    compose.runUntilShown(clock, hasContentDescription(app.getString(R.string.remove_photo)))
    // Copied at once: the sharing app's permission ends with the activity that received it.
    assertTrue(attachments().any { it.name.endsWith(".img") })
    // Nothing is sent, and no chat exists, until the user sends.
    assertEquals(0, clock.await { app.container.repository.observeConversations().first() }.size)
  }

  @Test
  fun aSharedCameraPhoto_reachesTheModelUpright_whenSent() {
    // Shown upright it is 200 × 400, red on top and blue below (its EXIF says "turn 90°").
    val photo = TestPhotos.rotatedJpeg(File(tmp.root, "camera.jpg"))
    share(
      Intent(Intent.ACTION_SEND)
        .setType("image/jpeg")
        .putExtra(Intent.EXTRA_STREAM, Uri.fromFile(photo))
        .putExtra(Intent.EXTRA_TEXT, "Which colour is on top?")
    )
    compose.runUntilShown(clock, hasContentDescription(app.getString(R.string.remove_photo)))

    compose.onNodeWithTag("send").performClick()
    clock.runUntil { engine.requests().isNotEmpty() }

    val question = engine.requests().single().messages().last()
    assertEquals("Which colour is on top?", question.text())
    val pixels = (question.images().single() as FakeImageInput).decoded()
    assertEquals(200, pixels.width())
    assertEquals(400, pixels.height())
    assertTrue("top is red", isRed(pixels, 100, 50))
    assertTrue("bottom is blue", isBlue(pixels, 100, 350))
  }

  private fun isRed(image: RgbImage, x: Int, y: Int) =
    image.channel(x, y, 0) > 200 && image.channel(x, y, 2) < 60

  private fun isBlue(image: RgbImage, x: Int, y: Int) =
    image.channel(x, y, 2) > 200 && image.channel(x, y, 0) < 60

  @Test
  fun aPictureThatCannotBeRead_isLeftOut_andTheUserIsTold() {
    share(
      Intent(Intent.ACTION_SEND_MULTIPLE)
        .setType("image/*")
        .putParcelableArrayListExtra(
          Intent.EXTRA_STREAM,
          arrayListOf(photo(), Uri.fromFile(File(tmp.root, "gone.png"))),
        )
    )

    compose.runUntilShown(clock, hasContentDescription(app.getString(R.string.remove_photo)))
    assertEquals(
      1,
      compose
        .onAllNodes(hasContentDescription(app.getString(R.string.remove_photo)))
        .fetchSemanticsNodes()
        .size,
    )
    assertEquals(
      app.resources.getQuantityString(R.plurals.share_unreadable, 1, 1),
      ShadowToast.getTextOfLatestToast(),
    )
  }
}
