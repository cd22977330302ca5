package app.lumen.app.chat

import app.lumen.app.data.ChatRepository
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.inference.GenerationResult
import app.lumen.inference.GenerationStats
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.withContext

/**
 * One answer's life in the database and on screen: its row, already STREAMING ([messageId]), grows
 * with each token in [active], is checkpointed at most every [checkpointMillis] (so a crash loses
 * at most that much), and is written once more by [finish], the one way an answer ends.
 *
 * A continued answer ([resume]) keeps its saved text as a prefix of everything written.
 *
 * Threading: used by one coroutine at a time (the runner's answer job).
 */
internal class AnswerRecorder(
  private val repository: ChatRepository,
  conversationId: Long,
  private val messageId: Long,
  resume: Message?,
  private val active: MutableStateFlow<ActiveAnswer?>,
  private val clock: () -> Long,
  private val checkpointMillis: Long,
) {
  private val prefixText = resume?.text.orEmpty()
  private val prefixThinking = resume?.thinking.orEmpty()
  private val text = StringBuilder(prefixText)
  private val thinking = StringBuilder(prefixThinking)
  private var lastCheckpoint = clock()

  /** Whether [finish] has written the answer's final state. */
  var finished = false
    private set

  init {
    active.value =
      ActiveAnswer(conversationId, messageId, ChatPhase.READING, prefixText, prefixThinking)
  }

  fun phase(phase: ChatPhase?) {
    if (phase != null) active.update { it?.copy(phase = phase) }
  }

  suspend fun token(delta: String, isThinking: Boolean) {
    (if (isThinking) thinking else text).append(delta)
    active.update {
      it?.copy(
        phase = if (isThinking) ChatPhase.THINKING else ChatPhase.ANSWERING,
        text = text.toString(),
        thinking = thinking.toString(),
      )
    }
    if (clock() - lastCheckpoint >= checkpointMillis) {
      repository.checkpoint(messageId, text.toString(), thinking.toString().ifEmpty { null })
      lastCheckpoint = clock()
    }
  }

  /**
   * Writes the answer's final state. Its text is the saved prefix plus [result]'s text and
   * reasoning when the engine reported them (they leave out a matched stop string), else what
   * streamed. Not cancellable: a Stop landing meanwhile must not leave the row STREAMING.
   */
  suspend fun finish(
    status: MessageStatus,
    finishReason: String?,
    result: GenerationResult? = null,
    error: String? = null,
    stats: GenerationStats? = null,
    modelId: String? = null,
  ) {
    finished = true
    val finalText = if (result == null) text.toString() else prefixText + result.text()
    val finalThinking =
      if (result == null) thinking.toString() else prefixThinking + result.thinking().orEmpty()
    withContext(NonCancellable) {
      repository.finishAnswer(
        messageId,
        finalText,
        finalThinking.ifEmpty { null },
        status,
        finishReason,
        error,
        stats,
        modelId,
      )
    }
  }

  /** The answer is no longer on screen (its row holds whatever was written last). */
  fun close() {
    active.value = null
  }
}
