package app.lumen.app.ui

import androidx.compose.runtime.mutableStateOf
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertIsNotDisplayed
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.test.swipeDown
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.chat.ChatPhase
import app.lumen.app.data.Author
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.app.ui.chat.ChatActions
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.theme.LumenTheme
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/** The list follows a growing answer until the user scrolls up, then leaves them where they are. */
@RunWith(AndroidJUnit4::class)
class ChatScrollTest {
  @get:Rule val compose = createComposeRule()

  private fun message(id: Long, text: String, status: MessageStatus = MessageStatus.COMPLETE) =
    Message(
      id,
      1,
      if (id % 2 == 1L) Author.USER else Author.ASSISTANT,
      text,
      null,
      status,
      null,
      null,
      0,
      null,
    )

  private val history = (1L..30L).map { message(it, "Message number $it") }

  private fun state(answer: String) =
    ChatUiState(
      conversationId = 1,
      title = "Long chat",
      messages = history + message(31, answer, MessageStatus.STREAMING),
      phase = ChatPhase.ANSWERING,
    )

  @Test
  fun growingAnswer_staysInView_untilTheUserScrollsUp() {
    val state = mutableStateOf(state("First line"))
    compose.setContent {
      LumenTheme(dynamicColor = false) { ChatScreen(state.value, ChatActions()) }
    }
    compose.onNodeWithText("First line").assertIsDisplayed()

    state.value = state("First line\n\n" + "more text ".repeat(40) + "\n\nSecond line")
    compose.onNodeWithText("Second line", substring = true).assertIsDisplayed()

    repeat(3) { compose.onNodeWithTag("messages").performTouchInput { swipeDown() } }
    compose.onNodeWithText("Second line", substring = true).assertIsNotDisplayed()

    state.value = state(state.value.messages.last().text + "\n\nThird line")
    compose.waitForIdle()
    compose.onNodeWithText("Third line", substring = true).assertIsNotDisplayed()
  }

  @Test
  fun newMessage_scrollsDown_whenTheUserFollowsTheBottom() {
    val state = mutableStateOf(state("Answer"))
    compose.setContent {
      LumenTheme(dynamicColor = false) { ChatScreen(state.value, ChatActions()) }
    }
    state.value =
      state.value.copy(
        messages = state.value.messages + message(33, "A brand new question"),
        phase = null,
      )
    compose.waitForIdle()
    compose.onNodeWithText("A brand new question").assertIsDisplayed()
  }
}
