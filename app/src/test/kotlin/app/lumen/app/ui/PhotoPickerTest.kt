package app.lumen.app.ui

import android.app.Activity
import android.content.ClipData
import android.content.Intent
import android.graphics.Bitmap
import android.net.Uri
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.app.chat.ChatRules
import app.lumen.inference.testing.FakeInferenceEngine
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/** The photo picker in the real activity: several pictures at once, at most four per message. */
@RunWith(AndroidJUnit4::class)
class PhotoPickerTest {
  private val clock = VirtualClock()
  private val tmp = TemporaryFolder()
  private val compose = createAndroidComposeRule<MainActivity>()

  @get:Rule
  val rules: RuleChain =
    RuleChain.outerRule(tmp).around(FakeInstalledModel(FakeInferenceEngine(clock))).around(compose)

  private fun photos(n: Int): List<Uri> =
    (1..n).map { i ->
      val file = File(tmp.root, "photo-$i.png")
      file.outputStream().use {
        Bitmap.createBitmap(20 + i, 20, Bitmap.Config.ARGB_8888)
          .compress(Bitmap.CompressFormat.PNG, 100, it)
      }
      Uri.fromFile(file)
    }

  /** Opens the picker and answers it with [uris], as the system's picker would. */
  private fun pick(uris: List<Uri>) {
    compose
      .onNodeWithContentDescription(compose.activity.getString(R.string.attach_photo))
      .performClick()
    val started = shadowOf(compose.activity).nextStartedActivityForResult
    val clip = ClipData.newRawUri(null, uris.first())
    uris.drop(1).forEach { clip.addItem(ClipData.Item(it)) }
    shadowOf(compose.activity)
      .receiveResult(started.intent, Activity.RESULT_OK, Intent().apply { clipData = clip })
  }

  private fun thumbnails() =
    compose
      .onAllNodes(hasContentDescription(compose.activity.getString(R.string.remove_photo)))
      .fetchSemanticsNodes()
      .size

  @Test
  fun severalPickedPhotos_areAttached_atMostFour() {
    compose.onNodeWithTag("new_chat").performClick()

    pick(photos(2))
    clock.runUntil { thumbnails() == 2 }

    pick(photos(3)) // one more than the message has room for
    clock.runUntil { thumbnails() == ChatRules.MAX_PICTURES }
    compose.waitForIdle()
    assertEquals(ChatRules.MAX_PICTURES, thumbnails())
    compose
      .onNodeWithContentDescription(compose.activity.getString(R.string.attach_photo))
      .assertIsNotEnabled()
  }
}
