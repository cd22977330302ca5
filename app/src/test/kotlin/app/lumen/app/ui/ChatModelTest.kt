package app.lumen.app.ui

import androidx.activity.ComponentActivity
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.lifecycle.Lifecycle
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.AppPreferences
import app.lumen.app.TestChats
import app.lumen.app.models.InstalledModels
import app.lumen.app.models.writeInstalledPackage
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.inference.testing.FakeScript
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The chat and the model it answers with: its name under the title, and a model chosen in Models
 * while the chat exists answers the chat's next question, in the same chat.
 */
@RunWith(AndroidJUnit4::class)
class ChatModelTest {
  @get:Rule val compose = createAndroidComposeRule<ComponentActivity>()

  private lateinit var chats: TestChats

  @After fun close() = chats.close()

  private fun ask(question: String, answer: String) {
    chats.engine.enqueue(FakeScript.builder().token(answer).build())
    compose.onNodeWithTag("input").performTextInput(question)
    compose.onNodeWithTag("send").performClick()
    compose.runUntilShown(chats.clock, answer)
    chats.awaitIdle()
  }

  private fun assertModelShown(name: String) {
    compose.runUntilShown(chats.clock, hasText(name) and hasTestTag("chat_model"))
    compose.onNodeWithTag("chat_model").assert(hasText(name))
  }

  @Test
  fun choosingAnotherModel_showsItsName_andAnswersTheSameChatsNextQuestion() {
    val preferences = AppPreferences(compose.activity)
    chats = TestChats(modelInstalled = false, preferredModel = { preferences.activeModelId })
    val first = writeInstalledPackage(chats.modelsDir, "alpha")
    val second = writeInstalledPackage(chats.modelsDir, "beta")
    val installed = InstalledModels(chats.modelsDir, preferences) {}
    installed.choose("alpha")
    val viewModel = chats.chatViewModel(readModelName = { installed.activeName() })
    compose.setContent {
      LumenTheme(dynamicColor = false) {
        ChatScreen(viewModel, onOpenModels = {}, onBack = {}, onOpenConversation = {})
      }
    }
    assertModelShown("Model alpha")
    ask("First question?", "First answer.")
    assertEquals(listOf(first.toPath()), chats.engine.loadedPackages())

    // The user goes to Models, chooses the other package and comes back to the chat.
    compose.activityRule.scenario.moveToState(Lifecycle.State.STARTED)
    installed.choose("beta")
    compose.activityRule.scenario.moveToState(Lifecycle.State.RESUMED)
    assertModelShown("Model beta")

    ask("Second question?", "Second answer.")
    assertEquals(listOf(first.toPath(), second.toPath()), chats.engine.loadedPackages())
    val conversation = checkNotNull(viewModel.uiState.value.conversationId)
    val messages = chats.awaitMessages(conversation) { it.size == 4 }
    assertEquals(
      listOf("First question?", "First answer.", "Second question?", "Second answer."),
      messages.map { it.text },
    )
    compose
      .onNode(hasText("First answer.") and hasAnyAncestor(hasTestTag("messages")))
      .assertExists()
  }
}
