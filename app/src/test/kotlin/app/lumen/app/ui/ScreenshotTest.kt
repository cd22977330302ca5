package app.lumen.app.ui

import android.graphics.Bitmap
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.asAndroidBitmap
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onRoot
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.chat.ChatPhase
import app.lumen.app.data.Author
import app.lumen.app.data.Conversation
import app.lumen.app.data.ConversationPreview
import app.lumen.app.data.GenerationSettings
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStats
import app.lumen.app.data.MessageStatus
import app.lumen.app.selftest.ProviderResult
import app.lumen.app.selftest.SelfTestScreen
import app.lumen.app.selftest.SelfTestUiState
import app.lumen.app.ui.chat.ChatActions
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.conversations.ConversationsActions
import app.lumen.app.ui.conversations.ConversationsScreen
import app.lumen.app.ui.conversations.ConversationsUiState
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.inference.ExecutionProvider.CPU
import app.lumen.inference.ExecutionProvider.NNAPI
import app.lumen.inference.ExecutionProvider.XNNPACK
import java.io.File
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Renders each screen with Robolectric's native graphics and writes PNGs. By default they go to
 * `target/screenshots`; to refresh the committed ones in `src/test/screenshots`, run `mvn -B -pl
 * app -am test -Dtest=ScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlumen.screenshots=src/test/screenshots`.
 */
@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
@Config(qualifiers = "w411dp-h891dp-xxhdpi")
class ScreenshotTest {
  @get:Rule val compose = createComposeRule()

  private val outDir = File(System.getProperty("lumen.screenshots") ?: "target/screenshots")

  private fun capture(name: String, dark: Boolean = false, content: @Composable () -> Unit) {
    compose.setContent { LumenTheme(darkTheme = dark, dynamicColor = false) { content() } }
    compose.waitForIdle()
    val bitmap = compose.onRoot().captureToImage().asAndroidBitmap()
    outDir.mkdirs()
    val file = File(outDir, "$name.png")
    file.outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    assertTrue(file.length() > 0)
  }

  private fun conversation(id: Long, title: String, minutesAgo: Long) =
    Conversation(
      id,
      title,
      0,
      NOW - minutesAgo * 60_000,
      "qwen3-vl-2b-instruct-q4",
      null,
      GenerationSettings(),
    )

  private fun message(
    id: Long,
    author: Author,
    text: String,
    status: MessageStatus = MessageStatus.COMPLETE,
    thinking: String? = null,
    finishReason: String? = if (author == Author.ASSISTANT) "stop_token" else null,
  ) =
    Message(
      id,
      1,
      author,
      text,
      thinking,
      status,
      null,
      finishReason,
      NOW,
      if (author == Author.ASSISTANT && status == MessageStatus.COMPLETE)
        MessageStats(412.0, 96.4, 14.2, 0.0, 58, 73, "xnnpack")
      else null,
    )

  private val chatState =
    ChatUiState(
      conversationId = 1,
      title = "Sourdough starter",
      messages =
        listOf(
          message(1, Author.USER, "How do I keep a sourdough starter alive while travelling?"),
          message(
            2,
            Author.ASSISTANT,
            "Slow it down before you leave:\n\n1. **Feed** it a stiff 1:5:5 mix.\n2. Let it rise " +
              "for an hour, then **refrigerate**.\n3. It keeps for about *two weeks*.\n\n" +
              "```text\n50 g starter + 250 g flour + 250 g water\n```",
            thinking = "The user wants to pause fermentation; cold slows yeast.",
          ),
          message(3, Author.USER, "And if I'm gone for a month?"),
          message(
            4,
            Author.ASSISTANT,
            "Dry some: spread a thin layer on baking paper",
            status = MessageStatus.STREAMING,
            finishReason = null,
          ),
        ),
      phase = ChatPhase.ANSWERING,
    )

  @Test fun chat() = capture("chat") { ChatScreen(chatState, ChatActions()) }

  @Test fun chatDark() = capture("chat-dark", dark = true) { ChatScreen(chatState, ChatActions()) }

  @Test
  fun chatInterruptedAndStopped() =
    capture("chat-interrupted") {
      ChatScreen(
        ChatUiState(
          conversationId = 1,
          title = "Trip to Porto",
          messages =
            listOf(
              message(1, Author.USER, "Plan three days in Porto"),
              message(
                2,
                Author.ASSISTANT,
                "**Day 1:** Ribeira, the Dom Luís I bridge and",
                MessageStatus.INTERRUPTED,
                finishReason = null,
              ),
            ),
        ),
        ChatActions(),
      )
    }

  @Test
  fun chatModelMissing() =
    capture("chat-model-missing") { ChatScreen(ChatUiState(modelMissing = true), ChatActions()) }

  @Test
  fun conversations() =
    capture("conversations") {
      ConversationsScreen(
        ConversationsUiState(
          conversations =
            listOf(
              ConversationPreview(
                conversation(1, "Sourdough starter", 3),
                "And if I'm gone for a month?",
              ),
              ConversationPreview(
                conversation(2, "Trip to Porto", 90),
                "**Day 1:** Ribeira, the Dom Luís I bridge and",
              ),
              ConversationPreview(
                conversation(3, "What is in this photo?", 60 * 26),
                "A heron standing in shallow water.",
              ),
            ),
          loaded = true,
        ),
        ConversationsActions(),
      )
    }

  @Test
  fun conversationsEmpty() =
    capture("conversations-empty") {
      ConversationsScreen(ConversationsUiState(loaded = true), ConversationsActions())
    }

  @Test
  fun selfTest() =
    capture("selftest") {
      SelfTestScreen(
        SelfTestUiState.Done(
          listOf(
            ProviderResult(CPU, CPU, null, 212.4, 182.6, listOf(1), null, null),
            ProviderResult(XNNPACK, XNNPACK, null, 240.9, 231.0, listOf(1), true, null),
            ProviderResult(
              NNAPI,
              CPU,
              "nnapi could not compile decoder_model_merged.onnx: unsupported operator",
              655.0,
              180.2,
              listOf(1),
              true,
              null,
            ),
          )
        ),
        onRun = {},
        onBack = {},
      )
    }

  private companion object {
    const val NOW = 1_795_000_000_000L
  }
}
