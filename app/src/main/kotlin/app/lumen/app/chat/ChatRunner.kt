package app.lumen.app.chat

import app.lumen.app.data.Author
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.app.engine.GenerationEvent
import app.lumen.app.engine.InferenceConnection
import app.lumen.app.engine.NotEnoughMemoryException
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationResult
import app.lumen.inference.Phase
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.withContext

/** What an answer being generated is doing, for the phase indicator. */
enum class ChatPhase {
  LOADING_MODEL,
  ENCODING_IMAGE,
  READING,
  THINKING,
  ANSWERING,
}

/** The answer being generated right now, with everything streamed so far. */
data class ActiveAnswer(
  val conversationId: Long,
  val messageId: Long,
  val phase: ChatPhase,
  val text: String,
  val thinking: String,
)

/**
 * Runs generations for chats and writes them to the database as they stream. It lives as long as
 * the process (not a screen), so leaving a chat never stops an answer. The jobs are split: one
 * answer at a time ([OneAtATime]), crash recovery at start-up ([StartupRecovery]), the request
 * ([ChatRequests], built with the model the engine loads) and the answer's row ([AnswerRecorder]:
 * checkpoints every [checkpointMillis], one way to finish).
 *
 * Crash safety: the answer row is created (STREAMING) before the first token; if the process dies,
 * [recoverInterrupted] at the next start marks it INTERRUPTED and [continueAnswer] resumes it from
 * the saved text. A stopped answer keeps its text as CANCELLED.
 *
 * Threading: methods may be called from any thread; one generation runs at a time and a request
 * made while one runs is refused (returns null; [canStart] says beforehand). Callers keep what a
 * refused request carried: nothing of it was written.
 */
class ChatRunner(
  private val repository: ChatRepository,
  private val connection: InferenceConnection,
  scope: CoroutineScope,
  images: ImageInputs = ImageInputs.Unavailable,
  private val clock: () -> Long = System::currentTimeMillis,
  private val checkpointMillis: Long = DEFAULT_CHECKPOINT_MILLIS,
) {
  private val requests = ChatRequests(images)
  private val jobs = OneAtATime(scope)
  private val recovery = StartupRecovery(repository, scope)

  private val _active = MutableStateFlow<ActiveAnswer?>(null)
  val active: StateFlow<ActiveAnswer?> = _active.asStateFlow()

  /** True from a request until its job has completely finished (writes included). */
  val busy: StateFlow<Boolean> = jobs.busy

  /**
   * The conversation the running request writes into, known from the request (or, for a new chat,
   * once it is created) until the job has finished; null when idle.
   */
  val answeringIn: StateFlow<Long?> = jobs.conversationId

  /** Whether a request made now would run: the one rule for "not while an answer is written". */
  fun canStart(): Boolean = !busy.value

  /** Answers left streaming by a dead process become INTERRUPTED before anything new streams. */
  fun recoverInterrupted(): Job = recovery.start()

  fun send(conversationId: Long, text: String, pictures: List<NewAttachment> = emptyList()) =
    launch(conversationId) {
      // The question is kept even when the answer is stopped at once.
      withContext(NonCancellable) { repository.addUserMessage(conversationId, text, pictures) }
      answer(conversationId)
    }

  /**
   * Starts a new chat with [text] and answers it. The conversation is only created once the request
   * is taken, together with its question, so a refused request (null) leaves nothing behind;
   * [onCreated] gets its id (on the runner's thread).
   */
  fun sendInNewChat(
    text: String,
    pictures: List<NewAttachment> = emptyList(),
    onCreated: (Long) -> Unit = {},
  ) =
    launch(null) {
      val conversationId =
        withContext(NonCancellable) { repository.startConversation(text, pictures) }
      jobs.created(conversationId)
      onCreated(conversationId)
      answer(conversationId)
    }

  /** Drops the last answer and generates it again (the engine cuts its cache back). */
  fun regenerate(conversationId: Long) = answerAgain(conversationId, loadAnyway = false)

  /**
   * Answers the last question again, loading the model although memory is tight: the user's reply
   * to an answer that ended asking for it ([LOAD_CONFIRMATION]).
   */
  fun loadAnyway(conversationId: Long) = answerAgain(conversationId, loadAnyway = true)

  private fun answerAgain(conversationId: Long, loadAnyway: Boolean) =
    launch(conversationId) {
      val lastUser = ChatRules.lastUserMessage(repository.messages(conversationId))
      if (lastUser != null) {
        repository.deleteAfter(conversationId, lastUser.id)
        answer(conversationId, loadAnyway = loadAnyway)
      }
    }

  /** Replaces the text of the last user message, drops what followed and answers again. */
  fun editLastUserMessage(conversationId: Long, text: String) =
    launch(conversationId) {
      val lastUser = ChatRules.lastUserMessage(repository.messages(conversationId))
      if (lastUser != null) {
        repository.editMessageText(lastUser.id, text)
        repository.deleteAfter(conversationId, lastUser.id)
        answer(conversationId)
      }
    }

  /**
   * Resumes a stopped, interrupted or cut-off answer from its saved text. An answer that has no
   * text yet (the app died during prefill) is simply answered again.
   */
  fun continueAnswer(conversationId: Long, messageId: Long) =
    launch(conversationId) {
      val messages = repository.messages(conversationId)
      val index = messages.indexOfFirst { it.id == messageId && it.author == Author.ASSISTANT }
      if (index < 0) return@launch
      val target = messages[index]
      if (target.text.isNotBlank()) {
        answer(conversationId, resume = target)
      } else if (index > 0) {
        repository.deleteAfter(conversationId, messages[index - 1].id)
        answer(conversationId)
      }
    }

  /** Stops the running answer; the text so far is kept (CANCELLED). */
  fun stop() = jobs.stop()

  /**
   * Deletes a conversation with its messages and pictures. An answer being written into it is
   * stopped first and waited for, so that it neither writes into the deleted chat nor keeps every
   * other chat waiting until it ends.
   */
  suspend fun deleteConversation(conversationId: Long) {
    jobs.stopAndJoin(conversationId)
    repository.deleteConversation(conversationId)
  }

  private fun launch(conversationId: Long?, block: suspend () -> Unit): Job? =
    jobs.launch(conversationId) {
      recovery.await()
      block()
    }

  private suspend fun answer(
    conversationId: Long,
    resume: Message? = null,
    loadAnyway: Boolean = false,
  ) {
    val conversation = repository.conversation(conversationId) ?: return
    val history = repository.messages(conversationId)
    // Not cancellable: a Stop landing while the row is written must still find the row and mark it
    // CANCELLED below, not leave it STREAMING until the next start-up.
    val messageId =
      withContext(NonCancellable) {
        if (resume != null) {
          repository.resumeAnswer(resume.id)
          resume.id
        } else {
          repository.startAnswer(conversationId)
        }
      }
    val answer =
      AnswerRecorder(
        repository,
        conversationId,
        messageId,
        resume,
        _active,
        clock,
        checkpointMillis,
      )
    try {
      // Photos are prepared by the model the engine loads for this answer; one it cannot read
      // ends the answer as FAILED with a plain message (a Failed event).
      connection
        .generate(conversationId, loadAnyway) { model ->
          requests.build(conversation, history, resume, model)
        }
        .collect { event ->
          when (event) {
            is GenerationEvent.PhaseStarted -> answer.phase(event.phase.toChatPhase())
            is GenerationEvent.Token -> answer.token(event.text, event.thinking)
            is GenerationEvent.Finished -> {
              val result = event.result
              answer.finish(
                if (result.finishReason() == FinishReason.CANCELLED) MessageStatus.CANCELLED
                else MessageStatus.COMPLETE,
                result.finishReason().id(),
                result,
                stats = result.stats(),
                modelId = event.modelId,
              )
            }
            is GenerationEvent.Failed ->
              answer.finish(
                MessageStatus.FAILED,
                if ((event.error as? NotEnoughMemoryException)?.canLoadAnyway == true) {
                  LOAD_CONFIRMATION
                } else {
                  FinishReason.ERROR.id()
                },
                event.error.partialResult() ?: GenerationResult.empty(FinishReason.ERROR),
                error = event.error.message ?: event.error.toString(),
              )
          }
        }
    } catch (e: CancellationException) {
      throw e
    } catch (e: RuntimeException) {
      // The engine broke a contract (e.g. threw instead of reporting); keep what streamed.
      answer.finish(
        MessageStatus.FAILED,
        FinishReason.ERROR.id(),
        error = e.message ?: e.toString(),
      )
    } finally {
      // Only a user's stop writes here; when the process is going away nothing more is written
      // and the last checkpoint stands (it becomes INTERRUPTED at the next start).
      if (!answer.finished && jobs.stopRequested) {
        answer.finish(MessageStatus.CANCELLED, FinishReason.CANCELLED.id())
      }
      answer.close()
    }
  }

  companion object {
    /**
     * Twice a second: at most half a second of an answer is lost to a crash, at little I/O cost.
     */
    const val DEFAULT_CHECKPOINT_MILLIS = 500L

    /**
     * The finish reason of an answer that never started because memory is tight for the model: its
     * error says so with the numbers, and [loadAnyway] is the user's way on.
     */
    const val LOAD_CONFIRMATION = "load_confirmation"

    private fun Phase.toChatPhase(): ChatPhase? =
      when (this) {
        Phase.LOADING -> ChatPhase.LOADING_MODEL
        Phase.ENCODING_IMAGE -> ChatPhase.ENCODING_IMAGE
        Phase.PREFILL -> ChatPhase.READING
        Phase.DECODE -> null
      }
  }
}
