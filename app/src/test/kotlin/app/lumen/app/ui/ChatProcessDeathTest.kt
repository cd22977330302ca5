package app.lumen.app.ui

import android.os.Bundle
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.MainActivity
import app.lumen.app.TestLumenApplication
import app.lumen.app.VirtualClock
import app.lumen.app.data.Author
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import kotlinx.coroutines.flow.first
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.android.controller.ActivityController

/**
 * Android ends the app's process while it is in the background (a process holding a large model is
 * a likely one to go). The next process gets only the activity's saved state: the app must come
 * back on the chat that was created, under its own route, with what the user was composing.
 */
@RunWith(AndroidJUnit4::class)
class ChatProcessDeathTest {
  private val clock = VirtualClock()
  private val engine =
    FakeInferenceEngine(clock).setDefaultScript(FakeScript.answer("All ", "local."))
  private val compose = createEmptyComposeRule()
  private val app = ApplicationProvider.getApplicationContext<TestLumenApplication>()

  @get:Rule val rules: RuleChain = RuleChain.outerRule(FakeInstalledModel(engine)).around(compose)

  @Test
  fun newChat_killedAfterItsFirstAnswer_comesBackOnItsConversationsRoute_withTheDraft() {
    val before = Robolectric.buildActivity(MainActivity::class.java).setup()
    compose.onNodeWithTag("new_chat").performClick()
    compose.onNodeWithTag("input").performTextInput("Does this leave the phone?")
    compose.onNodeWithTag("send").performClick()
    compose.runUntilShown(clock, "All local.")
    clock.runUntil { !app.container.runner.busy.value }
    val id = conversationIds().single()
    compose.onNodeWithTag("input").performTextInput("And now?")

    val saved = killProcess(before)
    val after = Robolectric.buildActivity(MainActivity::class.java).setup(saved)
    compose.runUntilShown(clock, "All local.")
    compose.onNodeWithTag("input").assert(hasText("And now?"))
    assertEquals(id, after.get().navController.currentBackStackEntry?.arguments?.getLong("id"))

    // The next question goes on in the same conversation; no second one appears.
    compose.onNodeWithTag("send").performClick()
    clock.runUntil { messages(id).size == 4 }
    assertEquals(listOf(id), conversationIds())
    val question = messages(id)[2]
    assertEquals(Author.USER to "And now?", question.author to question.text)

    // Back leads to the chats list, not to a new chat.
    after.get().onBackPressedDispatcher.onBackPressed()
    compose.runUntilShown(clock, hasTestTag("conversations"))
  }

  /**
   * What Android keeps of a process it ends: the activity's saved state and the files. The activity
   * is stopped and gone (its screen no longer shown), and the next process starts through
   * [TestLumenApplication.onCreate] with a fresh container.
   */
  private fun killProcess(controller: ActivityController<MainActivity>): Bundle {
    val saved = Bundle()
    controller.pause().stop().saveInstanceState(saved).destroy()
    app.onCreate()
    return saved
  }

  private fun conversationIds() =
    clock
      .await { app.container.repository.observeConversations().first() }
      .map { it.conversation.id }

  private fun messages(id: Long) =
    clock.await { app.container.repository.observeMessages(id).first() }
}
