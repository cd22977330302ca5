package app.lumen.app.ui

import android.content.ClipboardManager
import android.content.Context
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import app.lumen.app.engine.FakeMemoryCheck
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.chat.ChatViewModel
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.inference.ExecutionProvider
import app.lumen.inference.FinishReason
import app.lumen.inference.ProviderChoice
import app.lumen.inference.testing.FakeScript
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The chat screen with its real ViewModel, runner and database, answered by a fake engine; all of
 * them run on the main looper, and the fake's token delays pass on the test's virtual clock.
 */
@RunWith(AndroidJUnit4::class)
class ChatScreenTest {
  @get:Rule val compose = createComposeRule()
  private val memory = FakeMemoryCheck()
  private var chats = TestChats(memory = memory)
  private val engine
    get() = chats.engine

  private var openedModels = false
  private var openedConversation: Long? = null

  @After fun close() = chats.close()

  private fun show(id: Long? = null): ChatViewModel {
    val vm = chats.chatViewModel(id)
    compose.setContent {
      LumenTheme(dynamicColor = false) {
        ChatScreen(
          vm,
          onOpenModels = { openedModels = true },
          onBack = {},
          onOpenConversation = { openedConversation = it },
        )
      }
    }
    return vm
  }

  private fun waitFor(text: String) = compose.runUntilShown(chats.clock, text)

  private fun ask(question: String) {
    compose.onNodeWithTag("input").performTextInput(question)
    compose.onNodeWithTag("send").performClick()
  }

  @Test
  fun sending_streamsAMarkdownAnswer_withACopyableCodeBlock() {
    engine.enqueue(
      FakeScript.builder()
        .token("Use **bold** text.\n\n")
        .token("```kotlin\nval answer = 42\n```\n")
        .build()
    )
    show()
    ask("Show code")

    waitFor("val answer = 42")
    compose
      .onNode(hasText("Show code") and hasAnyAncestor(hasTestTag("user_message")))
      .assertExists()
    compose.onNodeWithText("Use bold text.").assertExists() // ** markers are rendered, not shown
    compose.onNodeWithText("kotlin").assertExists()
    compose.onNodeWithTag("code_block", useUnmergedTree = true).assertExists()
    // The first Copy is the code block's; the message's own Copy comes after the answer.
    compose.onAllNodes(hasText("Copy"))[0].performClick()
    val clipboard =
      ApplicationProvider.getApplicationContext<Context>()
        .getSystemService(ClipboardManager::class.java)
    assertEquals("val answer = 42", clipboard!!.primaryClip!!.getItemAt(0).text.toString())
  }

  @Test
  fun stop_duringDecode_showsStopped_andKeepsTheText() {
    val script = FakeScript.builder().tokenDelayMillis(50)
    repeat(200) { script.token("word$it ") }
    engine.enqueue(script.build())
    show()
    ask("Talk")
    waitFor("word2 ")
    compose.onNodeWithText("Answering…").assertExists()

    compose.onNodeWithTag("stop").performClick()

    waitFor("Stopped.")
    compose.onNodeWithText("word0 word1 word2", substring = true).assertExists()
    compose.onNodeWithTag("send").assertExists()
  }

  @Test
  fun stop_duringPrefill_showsStoppedWithoutText() {
    engine.enqueue(FakeScript.builder().prefillMillis(10_000).token("never").build())
    show()
    ask("Slow start")
    waitFor("Reading…")
    compose.onNodeWithTag("stop").performClick()
    waitFor("Stopped.")
    compose.onNodeWithText("never").assertDoesNotExist()
  }

  @Test
  fun thinking_isShownLive_thenCollapses_andOpensOnTap() {
    val script = FakeScript.builder().tokenDelayMillis(30)
    repeat(30) { script.thinking("hmm$it ") }
    script.token("Done.")
    engine.enqueue(script.build())
    show()
    ask("Think")

    waitFor("hmm3 ")
    compose.onNodeWithText("Thinking… ▾").assertExists()
    waitFor("Done.")
    compose.onNodeWithText("Thought process ▸").assertExists()
    compose.onNodeWithText("hmm3 ", substring = true).assertDoesNotExist()
    compose.onNodeWithText("Thought process ▸").performClick()
    compose.onNodeWithText("hmm3 ", substring = true).assertExists()
  }

  @Test
  fun failure_showsTheError_andRetryAnswersAgain() {
    engine
      .enqueue(FakeScript.builder().failAfter(0, "the model ran out of memory").build())
      .enqueue(FakeScript.answer("Recovered."))
    show()
    ask("Hi")
    waitFor("the model ran out of memory")
    compose.onNodeWithText("Retry").performClick()
    waitFor("Recovered.")
    compose.onNodeWithText("the model ran out of memory", substring = true).assertDoesNotExist()
  }

  @Test
  fun tightMemory_showsTheNumbers_andLoadAnywayLoadsAndAnswers() {
    memory.readings("Tiny VL", 3_100_000_000, availableBytes = 2_400_000_000, 8_000_000_000)
    engine.enqueue(FakeScript.answer("Loaded and answering."))
    show()
    ask("Hi")
    waitFor("Load anyway")
    compose
      .onNodeWithText(
        "Not enough free memory to load Tiny VL (needs ~3.1 GB, 2.4 GB free)",
        substring = true,
      )
      .assertExists()
    compose.onNodeWithText("Retry").assertDoesNotExist()
    assertTrue(engine.loadedPackages().isEmpty())

    compose.onNodeWithText("Load anyway").performClick()
    waitFor("Loaded and answering.")
    compose.onNodeWithText("Load anyway").assertDoesNotExist()
    assertEquals(1, engine.loadedPackages().size)
  }

  @Test
  fun whileAnotherChatAnswers_retryWaits_andTheScreenSaysWhere_withAWayThere() {
    engine
      .enqueue(FakeScript.builder().failAfter(0, "the model ran out of memory").build())
      .enqueue(FakeScript.builder().tokenDelayMillis(50).token("slow ").token("answer").build())
    val failed = chats.clock.await { chats.repository.createConversation() }
    chats.runner.send(failed, "Hi")
    chats.awaitIdle()
    val other = chats.clock.await { chats.repository.createConversation("Holiday plans") }
    chats.runner.send(other, "Where to?")
    show(failed)

    waitFor("Answering in “Holiday plans”…")
    compose.onNodeWithText("the model ran out of memory", substring = true).assertExists()
    compose.onNodeWithText("Retry").assertDoesNotExist()
    compose.onNodeWithText("Open").performClick()
    assertEquals(other, openedConversation)

    chats.awaitIdle()
    waitFor("Retry")
    compose.onNodeWithTag("answering_elsewhere").assertDoesNotExist()
  }

  @Test
  fun tokenLimit_saysSo_andContinueExtendsTheAnswer() {
    engine
      .enqueue(FakeScript.builder().token("Part one,").finish(FinishReason.MAX_TOKENS).build())
      .enqueue(FakeScript.answer(" part two."))
    show()
    ask("Long")
    waitFor("length limit")
    compose.onNodeWithText("Continue").performClick()
    waitFor("Part one, part two.")
    compose.onNodeWithText("length limit", substring = true).assertDoesNotExist()
  }

  @Test
  fun tappingAnAnswer_showsItsStats() {
    engine.enqueue(FakeScript.answer("Quick", " answer"))
    show()
    ask("Stats?")
    waitFor("Quick answer")
    compose.onNodeWithTag("stats").assertDoesNotExist()
    compose.onNodeWithTag("assistant_message").performClick()
    compose.runUntilShown(chats.clock, hasTestTag("stats"))
    compose.onNodeWithText("2 tokens · cpu", substring = true).assertExists()
    compose.onNodeWithTag("stats-fallback").assertDoesNotExist()
  }

  @Test
  fun anAnswerThatFellBackToCpu_saysWhyInItsStats() {
    engine.setProviderChoice(
      ProviderChoice.fallback(
        ExecutionProvider.NNAPI,
        ExecutionProvider.CPU,
        "nnapi could not compile decoder.onnx: unsupported operator",
      )
    )
    engine.enqueue(FakeScript.answer("Slow", " answer"))
    show()
    ask("Which backend?")
    waitFor("Slow answer")
    compose.onNodeWithTag("assistant_message").performClick()
    compose.waitUntil(5_000) {
      compose.onAllNodesWithTag("stats-fallback").fetchSemanticsNodes().isNotEmpty()
    }
    compose.onNodeWithText("2 tokens · cpu", substring = true).assertExists()
    compose
      .onNodeWithText("Ran on cpu instead: nnapi could not compile decoder.onnx", substring = true)
      .assertExists()
  }

  @Test
  fun editingTheLastQuestion_replacesIt() {
    engine.enqueue(FakeScript.answer("Paris.")).enqueue(FakeScript.answer("Rome."))
    show()
    ask("Capital of France?")
    waitFor("Paris.")
    compose.onNodeWithText("Edit").performClick()
    compose.onNodeWithText("Editing your last message").assertExists()
    compose.onNodeWithTag("input").performTextReplacement("Capital of France? No, Italy?")
    compose.onNodeWithTag("send").performClick()
    waitFor("Rome.")
    compose
      .onNode(
        hasText("Capital of France? No, Italy?") and hasAnyAncestor(hasTestTag("user_message"))
      )
      .assertExists()
    compose.onNodeWithText("Paris.").assertDoesNotExist()
  }

  @Test
  fun noModel_showsTheModelMissingCard_leadingToModels() {
    chats.close()
    chats = TestChats(dbName = "none.db", modelInstalled = false, modelsFolder = "none")
    show()
    compose.onNodeWithTag("model_missing").assertExists()
    compose.onNodeWithText("Get a model").performClick()
    assertTrue(openedModels)
  }
}
