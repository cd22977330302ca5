package app.lumen.app.voice

import app.lumen.app.data.Author
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import org.junit.Assert.assertEquals
import org.junit.Test

/** Which answers have just finished in the chat being watched. */
class FinishedAnswersTest {
  private fun message(id: Long, status: MessageStatus, author: Author = Author.ASSISTANT) =
    Message(id, 1, author, "text $id", null, status, null, null, 0, null)

  private val question = message(1, MessageStatus.COMPLETE, Author.USER)

  @Test
  fun anAnswerSeenStreaming_isNamedOnceWhenComplete() {
    val watcher = FinishedAnswers()
    assertEquals(
      emptyList<Long>(),
      watcher.update(listOf(question, message(2, MessageStatus.STREAMING))).map { it.id },
    )

    assertEquals(
      listOf(2L),
      watcher.update(listOf(question, message(2, MessageStatus.COMPLETE))).map { it.id },
    )
    assertEquals(
      emptyList<Long>(),
      watcher.update(listOf(question, message(2, MessageStatus.COMPLETE))).map { it.id },
    )
  }

  @Test
  fun oldAnswers_areNeverNamed() {
    val watcher = FinishedAnswers()

    assertEquals(
      emptyList<Message>(),
      watcher.update(listOf(question, message(2, MessageStatus.COMPLETE))),
    )
  }

  @Test
  fun stoppedAndFailedAnswers_areNotNamed() {
    val watcher = FinishedAnswers()
    watcher.update(listOf(message(2, MessageStatus.STREAMING), message(3, MessageStatus.STREAMING)))
    watcher.update(listOf(message(2, MessageStatus.CANCELLED), message(3, MessageStatus.FAILED)))

    // Not even when they are later continued to completion without being seen streaming again.
    assertEquals(
      emptyList<Message>(),
      watcher.update(listOf(message(2, MessageStatus.COMPLETE), message(3, MessageStatus.COMPLETE))),
    )
  }

  @Test
  fun anAnswerThatFinishedWhileForgotten_isNotNamed() {
    val watcher = FinishedAnswers()
    watcher.update(listOf(message(2, MessageStatus.STREAMING)))

    watcher.forget()

    assertEquals(emptyList<Message>(), watcher.update(listOf(message(2, MessageStatus.COMPLETE))))
  }
}
