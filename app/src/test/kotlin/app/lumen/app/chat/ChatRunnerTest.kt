package app.lumen.app.chat

import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.Author
import app.lumen.app.data.MessageStatus
import app.lumen.app.engine.EngineHost
import app.lumen.app.engine.EngineState
import app.lumen.app.engine.GenerationEvent
import app.lumen.app.engine.InferenceConnection
import app.lumen.app.images.PhotoInputs
import app.lumen.inference.ChatMessage
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationRequest
import app.lumen.inference.GenerationResult
import app.lumen.inference.GenerationStats
import app.lumen.inference.LoadedModel
import app.lumen.inference.Role
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeScript
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.onEach
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class ChatRunnerTest {
  private var chats = TestChats()
  private val engine
    get() = chats.engine

  @After fun close() = chats.close()

  private fun newChat(): Long = chats.clock.await { chats.repository.createConversation() }

  /** A slow answer: [count] tokens "w0 ", "w1 ", … after a prefill of [prefillMillis]. */
  private fun slowAnswer(count: Int, delayMillis: Long = 50, prefillMillis: Long = 0): FakeScript {
    val builder = FakeScript.builder().prefillMillis(prefillMillis).tokenDelayMillis(delayMillis)
    repeat(count) { builder.token("w$it ") }
    return builder.build()
  }

  @Test
  fun send_streamsAnswer_andStoresItCompleteWithStats() {
    engine.enqueue(
      FakeScript.builder().thinking("Let me see. ").token("Hello").token(" there").build()
    )
    val id = newChat()
    chats.runner.send(id, "Hi")
    val messages =
      chats.awaitMessages(id) { it.size == 2 && it[1].status == MessageStatus.COMPLETE }

    assertEquals(listOf(Author.USER, Author.ASSISTANT), messages.map { it.author })
    val answer = messages[1]
    assertEquals("Hello there", answer.text)
    assertEquals("Let me see. ", answer.thinking)
    assertEquals("stop_token", answer.finishReason)
    assertEquals(3, answer.stats!!.generatedTokens)
    assertEquals("cpu", answer.stats!!.backend)
    assertEquals("fake", chats.clock.await { chats.repository.conversation(id) }!!.modelId)
  }

  @Test
  fun secondTurn_sendsWholeHistory_andReusesTheCache() {
    // The stats the engine reports with each result (the stored message keeps no reused count).
    val stats = mutableListOf<GenerationStats>()
    val connection =
      object : InferenceConnection by chats.host {
        override fun generate(
          conversationId: Long,
          loadAnyway: Boolean,
          request: (LoadedModel) -> GenerationRequest,
        ) =
          chats.host.generate(conversationId, loadAnyway, request).onEach {
            if (it is GenerationEvent.Finished) stats += it.result.stats()
          }
      }
    val runner =
      ChatRunner(chats.repository, connection, chats.scope, clock = chats.clock::nowMillis)
    engine.enqueue(FakeScript.answer("Paris.")).enqueue(FakeScript.answer("About 2 million."))
    val id = newChat()
    runner.send(id, "Capital of France?")
    chats.awaitMessages(id) { it.size == 2 && it[1].status == MessageStatus.COMPLETE }
    chats.clock.runUntil { !runner.busy.value }
    runner.send(id, "Population?")
    chats.awaitMessages(id) { it.size == 4 && it[3].status == MessageStatus.COMPLETE }

    assertEquals(
      listOf(
        ChatMessage.user("Capital of France?"),
        ChatMessage.assistant("Paris."),
        ChatMessage.user("Population?"),
      ),
      engine.requests()[1].messages(),
    )
    // The fake engine counts a word a token plus 4 for a message's role markers: the first turn,
    // question and answer, is 3 + 4 + 1 + 4 tokens, all of them already in the session's cache.
    val firstTurn = fakeTokens("Capital of France?") + fakeTokens("Paris.")
    assertEquals(0, stats[0].reusedTokens())
    assertEquals("the first turn came from the cache", firstTurn, stats[1].reusedTokens())
    assertEquals(fakeTokens("Population?"), stats[1].prefilledTokens())
    assertEquals(1, engine.loadedPackages().size)
  }

  /** What the fake engine counts for a message of [text]: a token a word, 4 for its markers. */
  private fun fakeTokens(text: String) = text.trim().split(Regex("\\s+")).size + 4

  @Test
  fun stopDuringPrefill_keepsAnEmptyCancelledAnswer_andTheNextSendWorks() {
    engine.enqueue(slowAnswer(3, prefillMillis = 5_000))
    val id = newChat()
    chats.runner.send(id, "Long question")
    chats.clock.runUntil { chats.runner.active.value?.phase == ChatPhase.READING }
    chats.awaitMessages(id) { it.size == 2 }

    chats.runner.stop()
    val stopped = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.CANCELLED }
    assertEquals("", stopped[1].text)
    chats.awaitIdle()

    engine.enqueue(FakeScript.answer("Fine."))
    chats.runner.send(id, "Short question")
    val after = chats.awaitMessages(id) { it.size == 4 && it[3].status == MessageStatus.COMPLETE }
    assertEquals("Fine.", after[3].text)
    // The empty stopped answer is not sent back to the model.
    assertEquals(
      listOf(ChatMessage.user("Long question"), ChatMessage.user("Short question")),
      engine.requests().last().messages(),
    )
  }

  @Test
  fun stopDuringDecode_keepsThePartialTextCancelled() {
    engine.enqueue(slowAnswer(100))
    val id = newChat()
    chats.runner.send(id, "Tell me a story")
    chats.clock.runUntil { (chats.runner.active.value?.text?.length ?: 0) >= 9 }

    chats.runner.stop()
    val answer = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.CANCELLED }[1]
    assertEquals("w0 w1 w2 ", answer.text)
    assertEquals(FinishReason.CANCELLED.id(), answer.finishReason)
  }

  @Test
  fun regenerateAfterStop_replacesTheAnswer_fromTheSameQuestion() {
    engine.enqueue(slowAnswer(100)).enqueue(FakeScript.answer("Second try."))
    val id = newChat()
    chats.runner.send(id, "Question")
    chats.clock.runUntil { (chats.runner.active.value?.text?.length ?: 0) > 0 }
    chats.runner.stop()
    chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.CANCELLED }
    chats.awaitIdle()

    chats.runner.regenerate(id)
    val messages =
      chats.awaitMessages(id) {
        it.size == 2 && it[1].text == "Second try." && it[1].status == MessageStatus.COMPLETE
      }

    assertEquals("Question", messages[0].text)
    assertEquals(listOf(ChatMessage.user("Question")), engine.requests()[1].messages())
  }

  @Test
  fun editLastUserMessage_replacesQuestionAndAnswer() {
    engine.enqueue(FakeScript.answer("Four.")).enqueue(FakeScript.answer("Six."))
    val id = newChat()
    chats.runner.send(id, "2+2?")
    chats.awaitMessages(id) { it.size == 2 && it[1].status == MessageStatus.COMPLETE }
    chats.awaitIdle()

    chats.runner.editLastUserMessage(id, "3+3?")
    val messages =
      chats.awaitMessages(id) {
        it.size == 2 && it[1].text == "Six." && it[1].status == MessageStatus.COMPLETE
      }

    assertEquals("3+3?", messages[0].text)
    assertEquals(listOf(ChatMessage.user("3+3?")), engine.requests()[1].messages())
  }

  @Test
  fun checkpoints_saveTheGrowingText_whileStreaming() {
    engine.enqueue(slowAnswer(40))
    val id = newChat()
    chats.runner.send(id, "Go")
    val partial =
      chats
        .awaitMessages(id) {
          it.size == 2 && it[1].status == MessageStatus.STREAMING && it[1].text.isNotEmpty()
        }[1]
    // Tokens every 50 ms, a checkpoint once 100 ms have passed since the last: the second token.
    assertEquals("w0 w1 ", partial.text)
    val done = chats.awaitMessages(id) { it[1].status == MessageStatus.COMPLETE }[1]
    assertTrue(done.text.startsWith(partial.text))
    assertTrue(done.text.length > partial.text.length)
  }

  @Test
  fun processDeath_midStream_leavesThePartialAnswerInterrupted_andContinueResumesIt() {
    engine.enqueue(slowAnswer(200))
    val id = newChat()
    chats.runner.send(id, "Write a long answer")
    val checkpointed = chats.awaitMessages(id) { it.size == 2 && it[1].text.length >= 12 }[1]
    assertEquals(MessageStatus.STREAMING, checkpointed.status)

    chats.kill()

    // A new process: new database instance on the same file, new engine host and runner.
    chats = TestChats()
    val engine2 = chats.engine
    chats.clock.await { chats.runner.recoverInterrupted().join() }
    val recovered = chats.clock.await { chats.repository.messages(id) }[1]
    assertEquals(MessageStatus.INTERRUPTED, recovered.status)
    assertTrue(recovered.text.length >= checkpointed.text.length)
    assertTrue(recovered.text, recovered.text.startsWith("w0 w1 w2 "))

    engine2.enqueue(FakeScript.answer("and the end."))
    chats.runner.continueAnswer(id, recovered.id)
    val resumed = chats.awaitMessages(id) { it[1].status == MessageStatus.COMPLETE }[1]
    assertEquals(recovered.text + "and the end.", resumed.text)
    val request = engine2.requests().single().messages()
    assertEquals(ChatMessage.assistant(recovered.text), request[1])
    assertEquals(Role.USER, request.last().role())
    assertEquals(ChatRequests.CONTINUE_INSTRUCTION, request.last().text())
  }

  @Test
  fun processDeath_duringPrefill_continueAnswersTheQuestionAfresh() {
    engine.enqueue(FakeScript.builder().prefillMillis(10_000).token("never").build())
    val id = newChat()
    chats.runner.send(id, "Question")
    chats.awaitMessages(id) { it.size == 2 && it[1].status == MessageStatus.STREAMING }
    chats.kill()

    chats = TestChats()
    val engine2 = chats.engine.enqueue(FakeScript.answer("Fresh answer."))
    chats.clock.await { chats.runner.recoverInterrupted().join() }
    val empty = chats.clock.await { chats.repository.messages(id) }[1]
    assertEquals(MessageStatus.INTERRUPTED, empty.status)
    assertEquals("", empty.text)

    chats.runner.continueAnswer(id, empty.id)
    val messages = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.COMPLETE }
    assertEquals(listOf("Question", "Fresh answer."), messages.map { it.text })
    assertEquals(listOf(ChatMessage.user("Question")), engine2.requests().single().messages())
  }

  @Test
  fun engineFailure_marksTheAnswerFailed_withTheErrorAndPartialText() {
    engine.enqueue(
      FakeScript.builder().token("Par").token("tial").failAfter(2, "out of memory").build()
    )
    val id = newChat()
    chats.runner.send(id, "Hi")
    val answer = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.FAILED }[1]
    assertEquals("Partial", answer.text)
    assertEquals("out of memory", answer.error)
  }

  @Test
  fun maxTokens_isStoredAsTheFinishReason() {
    engine.enqueue(FakeScript.builder().token("Cut").finish(FinishReason.MAX_TOKENS).build())
    val id = newChat()
    chats.runner.send(id, "Hi")
    val answer = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.COMPLETE }[1]
    assertEquals("max_tokens", answer.finishReason)
  }

  @Test
  fun noModelInstalled_failsClearly_withoutLoading() {
    chats.close()
    chats = TestChats(dbName = "no-model.db", modelInstalled = false, modelsFolder = "none")
    val id = newChat()
    chats.runner.send(id, "Hi")
    val answer = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.FAILED }[1]
    assertEquals(EngineHost.NO_MODEL_MESSAGE, answer.error)
    assertTrue(engine.loadedPackages().isEmpty())
  }

  @Test
  fun photoWithoutVisionEncoder_failsWithAPlainMessage_andNothingReachesTheEngine() {
    val picture = AttachmentFiles(chats.picturesDir).save(ByteArray(16).inputStream())
    val id = newChat()
    chats.runner.send(id, "What is this?", listOf(picture))
    val answer = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.FAILED }[1]
    assertEquals(ImageInputs.UNAVAILABLE_MESSAGE, answer.error)
    assertTrue(engine.requests().isEmpty())
    assertNotNull(chats.awaitMessages(id) { true }[0].attachments.singleOrNull())
  }

  @Test
  fun photo_isPreparedByTheLoadedModel_andReachesTheEngineWithTheQuestion() {
    chats.close()
    chats = TestChats(dbName = "photos.db", images = PhotoInputs())
    val png = java.io.ByteArrayOutputStream()
    javax.imageio.ImageIO.write(
      java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_3BYTE_BGR),
      "png",
      png,
    )
    val picture =
      AttachmentFiles(chats.picturesDir)
        .save(png.toByteArray().inputStream())
        .copy(tokenBudget = 16)
    val id = newChat()
    chats.runner.send(id, "What is this?", listOf(picture))
    chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.COMPLETE }

    val question = engine.requests().single().messages().single()
    assertEquals("What is this?", question.text())
    val image = question.images().single() as FakeImageInput
    assertEquals("fake", image.modelId())
    assertEquals(320, image.plan().sourceWidth())
    assertTrue(image.plan().tokens() <= 16)
  }

  @Test
  fun answer_storesTheModelIdOfItsResult_notWhatTheEngineHoldsAfterwards() {
    // A connection whose state never says which model is loaded: only the result names it.
    val connection =
      object : InferenceConnection {
        override val state = MutableStateFlow<EngineState>(EngineState.Unloaded)

        override fun generate(
          conversationId: Long,
          loadAnyway: Boolean,
          request: (LoadedModel) -> GenerationRequest,
        ) =
          flowOf<GenerationEvent>(
            GenerationEvent.Token("Hi", false),
            GenerationEvent.Finished(
              GenerationResult(
                listOf(1),
                "Hi",
                null,
                FinishReason.STOP_TOKEN,
                GenerationStats(1, 1, 0, 0, 1, 1.0, 1.0, 0.0, 0.0, "cpu"),
              ),
              "model-of-the-result",
            ),
          )

        override fun stop() {}

        override fun refresh() {}
      }
    val runner =
      ChatRunner(chats.repository, connection, chats.scope, clock = chats.clock::nowMillis)
    val id = newChat()
    runner.send(id, "Hello?")
    val answer = chats.awaitMessages(id) { it.getOrNull(1)?.status == MessageStatus.COMPLETE }[1]
    assertEquals("Hi", answer.text)
    assertEquals(
      "model-of-the-result",
      chats.clock.await { chats.repository.conversation(id) }!!.modelId,
    )
  }

  @Test
  fun requestWhileGenerating_isRefused() {
    engine.enqueue(slowAnswer(50))
    val id = newChat()
    assertNotNull(chats.runner.send(id, "first"))
    assertNull(chats.runner.send(id, "second"))
    chats.runner.stop()
    chats.awaitIdle()
    assertEquals(
      1,
      chats.clock.await { chats.repository.messages(id) }.count { it.author == Author.USER },
    )
  }

  @Test
  fun deletingTheChatBeingAnswered_stopsItsAnswer_andAnotherChatCanSend() {
    engine.enqueue(slowAnswer(10_000)).enqueue(FakeScript.answer("Free again."))
    val answering = newChat()
    val other = newChat()
    chats.runner.send(answering, "Endless")
    chats.clock.runUntil { (chats.runner.active.value?.text?.length ?: 0) > 0 }

    chats.clock.await { chats.runner.deleteConversation(answering) }

    assertEquals(false, chats.runner.busy.value)
    assertNull(chats.clock.await { chats.repository.conversation(answering) })
    assertNotNull(chats.runner.send(other, "Anyone there?"))
    val answer = chats.awaitMessages(other) { it.getOrNull(1)?.status == MessageStatus.COMPLETE }
    assertEquals("Free again.", answer[1].text)
  }

  @Test
  fun sendInNewChat_createsTheChatWithItsQuestion_andARefusedOneCreatesNothing() {
    engine.enqueue(slowAnswer(50))
    var created: Long? = null
    assertNotNull(chats.runner.sendInNewChat("First question") { created = it })
    chats.clock.runUntil { created != null }
    assertEquals(
      "First question",
      chats.clock.await { chats.repository.conversation(created!!) }!!.title,
    )

    assertNull(chats.runner.sendInNewChat("Refused question"))
    chats.runner.stop()
    chats.awaitIdle()
    val all = chats.clock.await { chats.repository.observeConversations().first() }
    assertEquals(listOf(created), all.map { it.conversation.id })
  }
}
