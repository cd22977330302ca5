package app.lumen.app.ui

import android.content.Intent
import android.net.Uri
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.core.app.ApplicationProvider
import androidx.test.espresso.Espresso
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.app.data.MessageStatus
import com.google.gson.JsonParser
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/** Export through the share sheet, in the real activity with the app's own database. */
@RunWith(AndroidJUnit4::class)
class ExportShareTest {
  private val app = ApplicationProvider.getApplicationContext<LumenApplication>()
  private val repository = app.container.repository
  private val clock = VirtualClock()
  private val id =
    clock.await {
      val id = repository.createConversation("Pasta night")
      repository.addUserMessage(id, "How long do I cook spaghetti?")
      val answer = repository.startAnswer(id)
      repository.finishAnswer(
        answer,
        "About **9 minutes**.",
        null,
        MessageStatus.COMPLETE,
        "stop_token",
      )
      id
    }

  @get:org.junit.Rule val compose = createAndroidComposeRule<MainActivity>()

  private fun export(item: String): Pair<Intent, String> {
    compose.runUntilShown(clock, "Pasta night", substring = false)
    compose.onNodeWithTag("menu_$id").performClick()
    compose.onNodeWithText(item).performClick()
    // Everything the export sets off runs on the main looper, due now.
    compose.waitForIdle()
    val chooser = checkNotNull(shadowOf(app).nextStartedActivity) { "no share sheet" }
    assertEquals(Intent.ACTION_CHOOSER, chooser.action)
    @Suppress("DEPRECATION") val send = chooser.getParcelableExtra<Intent>(Intent.EXTRA_INTENT)!!
    assertEquals(Intent.ACTION_SEND, send.action)
    assertTrue(send.flags and Intent.FLAG_GRANT_READ_URI_PERMISSION != 0)
    @Suppress("DEPRECATION") val uri = send.getParcelableExtra<Uri>(Intent.EXTRA_STREAM)!!
    assertEquals("content", uri.scheme)
    val content = app.contentResolver.openInputStream(uri)!!.use { it.readBytes().decodeToString() }
    return send to content
  }

  // One test for both formats: FileProvider caches its roots per process, and Robolectric gives
  // every test a new cache folder.
  @Test
  fun exportMarkdownAndJson_shareFilesOfTheChat() {
    val (send, content) = export("Export as Markdown")
    assertEquals("text/markdown", send.type)
    assertEquals("Pasta night.md", send.getStringExtra(Intent.EXTRA_SUBJECT))
    assertEquals(
      "# Pasta night\n\n## You\n\nHow long do I cook spaghetti?\n\n## Lumen\n\nAbout **9 minutes**.\n\n",
      content,
    )
    // Back from the share sheet returns to the list.
    Espresso.pressBack()
    compose.onNodeWithText("Pasta night").assertExists()

    val (jsonSend, jsonContent) = export("Export as JSON")
    assertEquals("application/json", jsonSend.type)
    val json = JsonParser.parseString(jsonContent).asJsonObject
    assertEquals("Pasta night", json["title"].asString)
    val messages = json["messages"].asJsonArray
    assertEquals("user", messages[0].asJsonObject["role"].asString)
    assertEquals("assistant", messages[1].asJsonObject["role"].asString)
    assertEquals("About **9 minutes**.", messages[1].asJsonObject["text"].asString)
    assertEquals("complete", messages[1].asJsonObject["status"].asString)
  }
}
