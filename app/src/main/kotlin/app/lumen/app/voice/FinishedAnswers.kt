package app.lumen.app.voice

import app.lumen.app.data.Author
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus

/**
 * Tells which answers have just finished in a chat being watched: those seen being written and now
 * complete. Answers finished before watching began (old ones, or ones finished while the screen was
 * away and [forget] was called), and answers stopped or failed, are never named. Each answer is
 * named once. Not thread-safe: one screen feeds it from the main thread.
 */
class FinishedAnswers {
  private val streaming = HashSet<Long>()

  /** Takes the chat's messages as they are now; returns the answers that finished since. */
  fun update(messages: List<Message>): List<Message> {
    val finished = mutableListOf<Message>()
    for (message in messages) {
      if (message.author != Author.ASSISTANT) continue
      when (message.status) {
        MessageStatus.STREAMING -> streaming += message.id
        MessageStatus.COMPLETE -> if (streaming.remove(message.id)) finished += message
        else -> streaming -= message.id
      }
    }
    return finished
  }

  /** Forgets the answers being written: when the screen goes away, their ending is not seen. */
  fun forget() = streaming.clear()
}
