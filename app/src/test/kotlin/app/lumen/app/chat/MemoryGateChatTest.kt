package app.lumen.app.chat

import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.app.engine.FakeMemoryCheck
import app.lumen.inference.UnsupportedFamilyException
import app.lumen.inference.testing.FakeScript
import app.lumen.pkg.ModelFamily
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/** Answers whose model is weighed against the device's memory before it is loaded. */
@RunWith(AndroidJUnit4::class)
class MemoryGateChatTest {
  private val memory = FakeMemoryCheck()
  private val chats = TestChats(memory = memory)
  private val engine
    get() = chats.engine

  @After fun close() = chats.close()

  private fun newChat(): Long = chats.clock.await { chats.repository.createConversation() }

  private fun answerTo(id: Long, count: Int = 2) =
    chats
      .awaitMessages(id) { it.size == count && it.last().status != MessageStatus.STREAMING }
      .last()

  /**
   * Asks a new chat a question with a model named "Tiny VL" needing [neededBytes] on an 8 GB device
   * with 2.4 GB free; returns the chat and its answer once it has ended.
   */
  private fun askNeeding(neededBytes: Long, question: String = "Hi"): Pair<Long, Message> {
    memory.readings("Tiny VL", neededBytes, availableBytes = 2_400_000_000, 8_000_000_000)
    val id = newChat()
    chats.runner.send(id, question)
    return id to answerTo(id)
  }

  @Test
  fun tooLarge_refusesWithTheNumbers_andNeverLoads_evenWhenAskedToLoadAnyway() {
    val (id, answer) = askNeeding(6_000_000_000)

    assertEquals(MessageStatus.FAILED, answer.status)
    assertEquals(
      "Not enough free memory to load Tiny VL (needs ~6.0 GB, 2.4 GB free). This device can give" +
        " one app at most ~4.8 GB, so it cannot run this model.",
      answer.error,
    )
    assertEquals("error", answer.finishReason)
    chats.awaitIdle()
    chats.runner.loadAnyway(id)
    chats.awaitIdle()
    assertEquals("error", answerTo(id).finishReason)
    assertTrue(engine.loadedPackages().isEmpty())
  }

  @Test
  fun tight_asksFirst_loadAnywayAnswers_andTheNextLoadDoesNotAskAgain() {
    engine.enqueue(FakeScript.answer("Paris.")).enqueue(FakeScript.answer("About 2 million."))
    val (id, asked) = askNeeding(3_100_000_000, "Capital of France?")

    assertEquals(ChatRunner.LOAD_CONFIRMATION, asked.finishReason)
    assertEquals(
      "Not enough free memory to load Tiny VL (needs ~3.1 GB, 2.4 GB free). Loading it anyway" +
        " can close other apps, or fail.",
      asked.error,
    )
    assertTrue(engine.loadedPackages().isEmpty())

    chats.awaitIdle()
    chats.runner.loadAnyway(id)
    val answered = chats.awaitMessages(id) { it.size == 2 && it[1].text == "Paris." }
    assertEquals(MessageStatus.COMPLETE, answered[1].status)
    assertEquals(1, engine.loadedPackages().size)

    // Unloaded under memory pressure: the next question loads again, still in tight memory.
    chats.awaitIdle()
    assertTrue(chats.host.trimMemory())
    val checksBefore = memory.checks
    chats.runner.send(id, "Population?")
    assertEquals(MessageStatus.COMPLETE, answerTo(id, count = 4).status)
    assertEquals("the reload was weighed", checksBefore + 1, memory.checks)
    assertEquals(2, engine.loadedPackages().size)
  }

  @Test
  fun fits_loadsAndAnswers() {
    engine.enqueue(FakeScript.answer("Hello."))
    val (_, answer) = askNeeding(1_000_000_000)

    assertEquals("Hello.", answer.text)
    assertEquals(1, memory.checks)
    assertEquals(1, engine.loadedPackages().size)
  }

  @Test
  fun unsupportedFamily_atLoad_failsTheAnswerWithItsMessage() {
    engine.failNextLoad(UnsupportedFamilyException(ModelFamily.QWEN3_5))
    engine.enqueue(FakeScript.answer("Hello."))
    val id = newChat()
    chats.runner.send(id, "Hi")
    val answer = answerTo(id)

    assertEquals(MessageStatus.FAILED, answer.status)
    assertEquals("Qwen3.5 models are not supported by this version of Lumen", answer.error)
    // Nothing broke: the next question is answered.
    chats.awaitIdle()
    chats.runner.send(id, "Hi again")
    assertEquals("Hello.", answerTo(id, count = 4).text)
  }

  @Test
  fun unsupportedFamily_whenWeighed_failsTheAnswerWithItsMessage_withoutLoading() {
    memory.failWith(UnsupportedFamilyException(ModelFamily.QWEN3_5))
    val id = newChat()
    chats.runner.send(id, "Hi")
    val answer = answerTo(id)

    assertEquals(MessageStatus.FAILED, answer.status)
    assertEquals("Qwen3.5 models are not supported by this version of Lumen", answer.error)
    assertTrue(engine.loadedPackages().isEmpty())
  }
}
