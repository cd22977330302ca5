package app.lumen.app.ui

import android.os.Parcel
import androidx.lifecycle.SavedStateHandle
import androidx.lifecycle.ViewModelProvider
import androidx.lifecycle.ViewModelStore
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.initializer
import androidx.lifecycle.viewmodel.viewModelFactory
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import app.lumen.app.chat.ChatPhase
import app.lumen.app.chat.ChatRequests
import app.lumen.app.chat.ChatRules
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.Author
import app.lumen.app.data.MessageStatus
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.withBudget
import app.lumen.app.ui.chat.AnsweringElsewhere
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.chat.ChatViewModel
import app.lumen.app.ui.chat.SavedComposer
import app.lumen.inference.FinishReason
import app.lumen.inference.testing.FakeScript
import java.io.File
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The chat ViewModel on the real runner and database, all on the main looper; the fake engine's
 * delays pass on the test's virtual clock.
 */
@RunWith(AndroidJUnit4::class)
class ChatViewModelTest {
  private var chats = TestChats()
  private val engine
    get() = chats.engine

  @After fun tearDown() = chats.close()

  private fun viewModel(id: Long? = null) = chats.chatViewModel(id)

  /** Runs the clock until the UI state satisfies [condition]; returns that state. */
  private fun ChatViewModel.await(condition: (ChatUiState) -> Boolean): ChatUiState {
    chats.clock.runUntil { condition(uiState.value) }
    return uiState.value
  }

  /** Types [question] and sends it once the UI state allows it, as the send button does. */
  private fun ChatViewModel.ask(question: String) {
    onDraftChange(question)
    await { it.canSend }
    send()
  }

  private fun slow(count: Int, delayMillis: Long = 40): FakeScript {
    val builder = FakeScript.builder().tokenDelayMillis(delayMillis)
    repeat(count) { builder.token("t$it ") }
    return builder.build()
  }

  @Test
  fun whileAnotherChatIsAnswered_thisChatCanNeitherSendNorEdit() {
    engine.enqueue(FakeScript.answer("Done.")).enqueue(slow(50))
    val other = viewModel()
    other.ask("First chat")
    other.await { it.phase == null && it.lastAnswer?.status == MessageStatus.COMPLETE }
    chats.awaitIdle()
    val first = other.uiState.value.conversationId!!

    val vm = viewModel()
    vm.ask("Second chat")
    vm.await { it.phase == ChatPhase.ANSWERING }
    // The first chat is idle, but the runner writes one answer at a time: it says no.
    val idle = viewModel(first)
    idle.onDraftChange("Another question")
    val state = idle.await { it.messages.size == 2 && it.busy }
    assertNull(state.phase)
    assertFalse(state.canSend)
    idle.startEditingLastMessage()
    assertFalse(idle.uiState.value.editing)

    chats.runner.stop()
    chats.awaitIdle()
    assertTrue(idle.await { !it.busy }.canSend)
    idle.startEditingLastMessage()
    assertEquals("First chat", idle.await { it.editing }.draft)
  }

  @Test
  fun whileAnotherChatIsAnswered_thisChatSaysWhere_andItsStopFreesIt() {
    engine.enqueue(slow(50))
    val answering = viewModel()
    answering.ask("Long story")
    answering.await { it.phase == ChatPhase.ANSWERING }
    val answeringId = answering.uiState.value.conversationId!!

    val vm = viewModel()
    vm.onDraftChange("Meanwhile")
    val state = vm.await { it.answeringElsewhere != null }
    assertEquals(AnsweringElsewhere(answeringId, "Long story"), state.answeringElsewhere)
    assertFalse(state.canSend)
    assertNull(answering.uiState.value.answeringElsewhere)

    vm.stop()
    chats.awaitIdle()
    val free = vm.await { it.answeringElsewhere == null && it.canSend }
    assertEquals("Meanwhile", free.draft)
  }

  @Test
  fun aSendRefusedByTheRunner_keepsTheWordsAndPhotos_saysSo_andCreatesNoChat() {
    engine.enqueue(slow(50))
    val other = chats.clock.await { chats.repository.createConversation("Other") }
    val picture = AttachmentFiles(chats.picturesDir).save(ByteArray(8).inputStream())
    val vm = viewModel()
    vm.onDraftChange("Do not lose me")
    vm.addPicture(picture)
    vm.await { it.canSend }
    // Another answer starts as Send is tapped: the tap still reaches send(), the runner says no.
    assertNotNull(chats.runner.send(other, "Faster"))
    vm.send()

    val refused = vm.await { it.refused }
    assertEquals("Do not lose me", refused.draft)
    assertEquals(listOf(picture.withBudget(PhotoBudget.DEFAULT)), refused.pendingPictures)
    assertNull(refused.conversationId)
    val all = chats.clock.await { chats.repository.observeConversations().first() }
    assertEquals(listOf(other), all.map { it.conversation.id })
  }

  @Test
  fun regenerateWhileAnotherChatIsAnswered_isReported_notDropped() {
    engine.enqueue(FakeScript.answer("First.")).enqueue(slow(50))
    val vm = viewModel()
    vm.ask("Q")
    vm.await { it.lastAnswer?.status == MessageStatus.COMPLETE && it.phase == null }
    chats.awaitIdle()
    val other = chats.clock.await { chats.repository.createConversation("Other") }
    assertNotNull(chats.runner.send(other, "Busy now"))

    vm.regenerate()
    val refused = vm.await { it.refused }
    assertEquals("First.", refused.lastAnswer!!.text)
  }

  /** What Android gives a screen back after ending the process: its state, parcelled. */
  private fun afterProcessDeath(state: SavedStateHandle): SavedStateHandle {
    val parcel = Parcel.obtain()
    try {
      parcel.writeBundle(state.savedStateProvider().saveState())
      parcel.setDataPosition(0)
      return SavedStateHandle.createHandle(parcel.readBundle(javaClass.classLoader), null)
    } finally {
      parcel.recycle()
    }
  }

  @Test
  fun processDeath_whilePickingAPhoto_bringsBackTheNewChat_itsDraftAndPhotos() {
    engine.enqueue(FakeScript.answer("Hi.")).enqueue(FakeScript.answer("A photo."))
    val state = SavedComposer.stateFor(null)
    val vm = chats.chatViewModel(savedState = state)
    vm.ask("First")
    val id =
      vm
        .await { it.lastAnswer?.status == MessageStatus.COMPLETE && it.phase == null }
        .conversationId!!
    chats.awaitIdle()
    val picture = AttachmentFiles(chats.picturesDir).save(ByteArray(8).inputStream())
    vm.onDraftChange("And this?")
    vm.addPicture(picture)

    val restored = chats.chatViewModel(savedState = afterProcessDeath(state))
    val back = restored.await { it.messages.size == 2 }
    assertEquals(id, back.conversationId)
    assertEquals("And this?", back.draft)
    assertEquals(listOf(picture.withBudget(PhotoBudget.DEFAULT)), back.pendingPictures)

    // The next question goes on in the same chat; no second conversation appears.
    restored.send()
    restored.await { it.messages.size == 4 }
    val all = chats.clock.await { chats.repository.observeConversations().first() }
    assertEquals(listOf(id), all.map { it.conversation.id })
  }

  @Test
  fun removingAPhoto_deletesItsFile_andLeavingTheChatForGood_deletesTheUnsentOnes() {
    val files = AttachmentFiles(chats.picturesDir)
    val removed = files.save(ByteArray(8).inputStream())
    val left = files.save(ByteArray(8).inputStream())
    val store = ViewModelStore()
    val vm =
      ViewModelProvider(store, viewModelFactory { initializer { viewModel() } })[
        ChatViewModel::class.java]
    vm.addPicture(removed)
    vm.addPicture(left)

    vm.removePicture(removed)
    chats.clock.runUntil { !File(removed.filePath).exists() }
    assertTrue(File(left.filePath).exists())

    store.clear() // the screen is closed, not turned
    chats.clock.runUntil { !File(left.filePath).exists() }
  }

  @Test
  fun aMessageTakesAtMostFourPictures_aFifthIsRefusedAndItsFileDeleted() {
    val files = AttachmentFiles(chats.picturesDir)
    val vm = viewModel()
    val kept = (1..ChatRules.MAX_PICTURES).map { files.save(ByteArray(8).inputStream()) }
    kept.forEach(vm::addPicture)
    val fifth = files.save(ByteArray(8).inputStream())

    vm.addPicture(fifth)

    chats.clock.runUntil { !File(fifth.filePath).exists() }
    assertEquals(kept.map { it.withBudget(PhotoBudget.DEFAULT) }, vm.uiState.value.pendingPictures)
    assertTrue(kept.all { File(it.filePath).exists() })
  }

  @Test
  fun firstSend_createsTheChat_streams_andEndsComplete() {
    engine.enqueue(slow(10))
    val vm = viewModel()
    vm.ask("Hello there")

    val streaming = vm.await { it.phase == ChatPhase.ANSWERING }
    assertEquals("", streaming.draft)
    assertFalse(streaming.canSend)
    assertEquals("Hello there", streaming.title)

    val done =
      vm.await { it.phase == null && it.messages.lastOrNull()?.status == MessageStatus.COMPLETE }
    assertEquals(listOf(Author.USER, Author.ASSISTANT), done.messages.map { it.author })
    assertEquals((0 until 10).joinToString("") { "t$it " }, done.messages[1].text)
  }

  @Test
  fun streamingText_isShownLive_beforeAnyCheckpoint() {
    chats.close()
    chats = TestChats(dbName = "live.db", checkpointMillis = 60_000)
    engine.enqueue(slow(200, delayMillis = 20))
    val vm = viewModel()
    vm.ask("Go")

    val live = vm.await { (it.lastAnswer?.text?.length ?: 0) >= 9 }
    assertEquals(MessageStatus.STREAMING, live.lastAnswer!!.status)
    val stored = chats.clock.await { chats.repository.messages(live.conversationId!!) }
    assertEquals("", stored[1].text) // only the live state has it yet
    vm.stop()
  }

  @Test
  fun stop_keepsTheTextAsCancelled_andReenablesSending() {
    engine.enqueue(slow(200))
    val vm = viewModel()
    vm.ask("Story")
    vm.await { (it.lastAnswer?.text?.length ?: 0) >= 6 }

    vm.stop()
    val stopped = vm.await { it.lastAnswer?.status == MessageStatus.CANCELLED }
    assertNull(stopped.phase)
    assertTrue(stopped.lastAnswer!!.text.startsWith("t0 t1 "))
    vm.onDraftChange("next")
    vm.await { it.canSend }
  }

  @Test
  fun editLastMessage_putsItInTheDraft_andSendingReplacesQuestionAndAnswer() {
    engine.enqueue(FakeScript.answer("Four.")).enqueue(FakeScript.answer("Six."))
    val vm = viewModel()
    vm.ask("2+2?")
    vm.await { it.phase == null && it.lastAnswer?.status == MessageStatus.COMPLETE }
    // The runner takes the next request once its job has ended, writes included.
    chats.awaitIdle()

    vm.startEditingLastMessage()
    // uiState is derived asynchronously from the input: wait for it rather than read it at once.
    val editing = vm.await { it.editing }
    assertEquals("2+2?", editing.draft)
    vm.ask("3+3?")

    val edited = vm.await { it.lastAnswer?.text == "Six." && it.phase == null }
    assertEquals(listOf("3+3?", "Six."), edited.messages.map { it.text })
    assertFalse(edited.editing)
  }

  @Test
  fun regenerate_replacesTheLastAnswer() {
    engine.enqueue(FakeScript.answer("First.")).enqueue(FakeScript.answer("Second."))
    val vm = viewModel()
    vm.ask("Q")
    vm.await { it.lastAnswer?.status == MessageStatus.COMPLETE && it.phase == null }
    chats.awaitIdle()
    vm.regenerate()
    val again = vm.await { it.lastAnswer?.text == "Second." && it.phase == null }
    assertEquals(2, again.messages.size)
  }

  @Test
  fun aPhotoAlone_canBeSent_andReachesTheRunnerWithItsMessage() {
    val picture =
      app.lumen.app.data.AttachmentFiles(chats.picturesDir).save(ByteArray(32).inputStream())
    val vm = viewModel()
    assertFalse(vm.uiState.value.canSend)
    vm.addPicture(picture)
    vm.await { it.canSend }
    vm.send()
    // This build has no vision encoder: the answer fails with the plain message, photo kept.
    val failed = vm.await { it.lastAnswer?.status == MessageStatus.FAILED }
    assertEquals(1, failed.messages[0].attachments.size)
    assertEquals(app.lumen.app.chat.ImageInputs.UNAVAILABLE_MESSAGE, failed.lastAnswer!!.error)
    assertTrue(failed.pendingPictures.isEmpty())
  }

  @Test
  fun noModel_isReported_andSendIsDisabled() {
    chats.close()
    chats = TestChats(dbName = "none.db", modelInstalled = false, modelsFolder = "none")
    val vm = viewModel()
    vm.onDraftChange("Hi")
    val state = vm.await { it.modelMissing && it.draft == "Hi" }
    assertFalse(state.canSend)
  }

  @Test
  fun processDeath_newViewModelAndDatabase_showInterruptedAnswer_andContinueFinishesIt() {
    engine.enqueue(slow(300, delayMillis = 20))
    val vm = viewModel()
    vm.ask("Long one")
    val id = vm.await { it.conversationId != null }.conversationId!!
    chats.awaitMessages(id) { it.size == 2 && it[1].text.length >= 12 }
    vm.viewModelScope.cancel() // the process dies: its screens go with it
    chats.kill()

    chats = TestChats()
    val engine2 = chats.engine.enqueue(FakeScript.answer("THE END"))
    chats.clock.await { chats.runner.recoverInterrupted().join() }
    val restored = viewModel(id)
    val interrupted = restored.await { it.lastAnswer?.status == MessageStatus.INTERRUPTED }
    val saved = interrupted.lastAnswer!!.text
    // A token every 20 ms and a checkpoint once 100 ms have passed: the fifth token's.
    assertEquals("t0 t1 t2 t3 t4 ", saved)

    restored.continueAnswer(interrupted.lastAnswer!!.id)
    val finished = restored.await { it.lastAnswer?.status == MessageStatus.COMPLETE }
    assertEquals(saved + "THE END", finished.lastAnswer!!.text)
    assertEquals(
      ChatRequests.CONTINUE_INSTRUCTION,
      engine2.requests().single().messages().last().text(),
    )
  }

  @Test
  fun contextFull_newChatWithRecap_carriesTheLastExchange() {
    engine.enqueue(
      FakeScript.builder().token("Long answer").finish(FinishReason.CONTEXT_FULL).build()
    )
    val vm = viewModel()
    vm.ask("Question one")
    val full = vm.await { it.lastAnswer?.finishReason == "context_full" && it.phase == null }

    var opened: Long? = null
    vm.newChatWithRecap { opened = it }
    chats.clock.runUntil { opened != null }
    val recap = chats.clock.await { chats.repository.conversation(opened!!) }!!
    assertTrue(opened != full.conversationId)
    assertTrue(recap.systemPrompt!!.contains("Question one"))
    assertTrue(recap.systemPrompt!!.contains("Long answer"))
  }
}
