package app.lumen.app.ui

import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextClearance
import androidx.compose.ui.test.performTextInput
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import app.lumen.app.ui.conversations.ConversationsScreen
import app.lumen.app.ui.conversations.ConversationsViewModel
import app.lumen.app.ui.theme.LumenTheme
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class ConversationsScreenTest {
  @get:Rule val compose = createComposeRule()
  private val chats = TestChats()
  private val repository = chats.repository
  private var opened: Long? = null
  private var newChats = 0

  @After fun close() = chats.close()

  private fun chat(title: String, vararg messages: String): Long =
    chats.clock.await {
      val id = repository.createConversation(title)
      messages.forEach { repository.addUserMessage(id, it) }
      id
    }

  private fun show(): ConversationsViewModel {
    val vm = ConversationsViewModel(repository, chats.scope, chats.runner)
    compose.setContent {
      LumenTheme(dynamicColor = false) {
        ConversationsScreen(vm, onOpen = { opened = it }, onNewChat = { newChats++ })
      }
    }
    return vm
  }

  private fun waitFor(text: String) = compose.runUntilShown(chats.clock, text)

  private fun waitGone(text: String) = compose.runUntilGone(chats.clock, text)

  private fun title(id: Long) = chats.clock.await { repository.conversation(id) }?.title

  @Test
  fun empty_saysEverythingStaysOnThePhone_andNewChatOpensOne() {
    show()
    waitFor("Everything stays on this phone")
    compose.onNodeWithTag("new_chat").performClick()
    assertEquals(1, newChats)
  }

  @Test
  fun list_showsChatsWithTheirLatestMessage_andOpensOnTap() {
    val id = chat("Soup", "How much salt?", "And pepper?")
    show()
    waitFor("Soup")
    compose.onNodeWithText("And pepper?").assertExists()
    compose.onNodeWithText("Soup").performClick()
    assertEquals(id, opened)
  }

  @Test
  fun search_filtersByMessageText() {
    chat("Soup", "How much salt?")
    chat("Trip", "Trains to Porto")
    show()
    waitFor("Trip")
    compose.onNodeWithTag("search").performTextInput("porto")
    waitGone("Soup")
    compose.onNodeWithText("Trip").assertExists()
    compose.onNodeWithTag("search").performTextClearance()
    compose.onNodeWithTag("search").performTextInput("nothing like this")
    waitFor("No chat matches")
  }

  @Test
  fun delete_thenUndo_keepsTheChat() {
    val id = chat("Keep me", "hello")
    show()
    waitFor("Keep me")
    compose.onNodeWithTag("menu_$id").performClick()
    compose.onNodeWithText("Delete").performClick()
    waitGone("Keep me")
    compose.onNodeWithText("Undo").performClick()
    waitFor("Keep me")
    compose.mainClock.advanceTimeBy(10_000)
    compose.waitForIdle()
    assertEquals("Keep me", title(id))
  }

  @Test
  fun delete_withoutUndo_removesTheChatFromTheDatabase() {
    val id = chat("Remove me", "bye")
    show()
    waitFor("Remove me")
    compose.onNodeWithTag("menu_$id").performClick()
    compose.onNodeWithText("Delete").performClick()
    waitFor("Chat deleted")
    compose.mainClock.advanceTimeBy(10_000)
    // The deletion runs in the app's scope, on the main looper.
    chats.clock.runUntil { chats.db.conversations().get(id) == null }
    assertNull(title(id))
  }

  @Test
  fun rename_changesTheTitle() {
    val id = chat("Old name", "x")
    show()
    waitFor("Old name")
    compose.onNodeWithTag("menu_$id").performClick()
    compose.onNodeWithText("Rename").performClick()
    compose.onNodeWithTag("rename_field").performTextClearance()
    compose.onNodeWithTag("rename_field").performTextInput("New name")
    compose.onNodeWithText("Save").performClick()
    waitFor("New name")
    assertEquals("New name", title(id))
  }
}
