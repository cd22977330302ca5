package app.lumen.app.share

import android.content.Intent
import android.graphics.Bitmap
import android.net.Uri
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.test.core.app.ActivityScenario
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.app.ui.FakeInstalledModel
import app.lumen.app.ui.runUntilShown
import app.lumen.inference.testing.FakeInferenceEngine
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
import org.robolectric.shadows.ShadowToast

/**
 * Another app shares a photo and a question with Lumen: a new chat opens with both in its composer,
 * the photo copied into the app's own folder, and nothing sent until the user sends it.
 */
@RunWith(AndroidJUnit4::class)
class ShareIntoChatTest {
  private val clock = VirtualClock()
  private val app = ApplicationProvider.getApplicationContext<LumenApplication>()
  private val compose = createEmptyComposeRule()
  private val tmp = TemporaryFolder()

  @get:Rule
  val rules: RuleChain =
    RuleChain.outerRule(tmp).around(FakeInstalledModel(FakeInferenceEngine(clock))).around(compose)

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
