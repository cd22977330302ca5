package app.lumen.app.chat

import app.lumen.app.data.Author
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.app.engine.EngineState
import app.lumen.app.engine.GenerationEvent
import app.lumen.app.engine.InferenceConnection
import app.lumen.inference.ChatMessage
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationRequest
import app.lumen.inference.LoadedModel
import app.lumen.inference.Phase
import app.lumen.inference.SamplingParams
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
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
 * the process (not a screen), so leaving a chat never stops an answer.
 *
 * Crash safety: the answer row is created (STREAMING) before the first token and its text is
 * checkpointed every [checkpointMillis]; if the process dies, [recoverInterrupted] at the next
 * start marks it INTERRUPTED and [continueAnswer] resumes it from the saved text. A stopped answer
 * keeps its text as CANCELLED.
 *
 * Threading: methods may be called from any thread; one generation runs at a time and a request
 * made while one runs is refused (returns null).
 */
class ChatRunner(
  private val repository: ChatRepository,
  private val connection: InferenceConnection,
  private val scope: CoroutineScope,
  private val images: ImageInputs = ImageInputs.Unavailable,
  private val clock: () -> Long = System::currentTimeMillis,
  private val checkpointMillis: Long = DEFAULT_CHECKPOINT_MILLIS,
) {
  private val _active = MutableStateFlow<ActiveAnswer?>(null)
  val active: StateFlow<ActiveAnswer?> = _active.asStateFlow()

  private val _busy = MutableStateFlow(false)

  /** True from a request until its job has completely finished (writes included). */
  val busy: StateFlow<Boolean> = _busy.asStateFlow()

  private val lock = Any()
  private var job: Job? = null
  @Volatile private var stopRequested = false

  /** Answers left streaming by a dead process become INTERRUPTED before anything new streams. */
  private val recovery: Job =
    scope.launch(start = CoroutineStart.LAZY) { repository.markInterrupted() }

  fun recoverInterrupted(): Job = recovery.also { it.start() }

  fun send(conversationId: Long, text: String, pictures: List<NewAttachment> = emptyList()) =
    launchExclusive {
      // The question is kept even when the answer is stopped at once.
      withContext(NonCancellable) { repository.addUserMessage(conversationId, text, pictures) }
      answer(conversationId)
    }

  /** Drops the last answer and generates it again (the engine cuts its cache back). */
  fun regenerate(conversationId: Long) = launchExclusive {
    val lastUser = repository.messages(conversationId).lastOrNull { it.author == Author.USER }
    if (lastUser != null) {
      repository.deleteAfter(conversationId, lastUser.id)
      answer(conversationId)
    }
  }

  /** Replaces the text of the last user message, drops what followed and answers again. */
  fun editLastUserMessage(conversationId: Long, text: String) = launchExclusive {
    val lastUser = repository.messages(conversationId).lastOrNull { it.author == Author.USER }
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
  fun continueAnswer(conversationId: Long, messageId: Long) = launchExclusive {
    val messages = repository.messages(conversationId)
    val index = messages.indexOfFirst { it.id == messageId && it.author == Author.ASSISTANT }
    if (index < 0) return@launchExclusive
    val target = messages[index]
    if (target.text.isNotBlank()) {
      answer(conversationId, resume = target)
    } else if (index > 0) {
      repository.deleteAfter(conversationId, messages[index - 1].id)
      answer(conversationId)
    }
  }

  /** Stops the running answer; the text so far is kept (CANCELLED). */
  fun stop() {
    synchronized(lock) {
      if (!_busy.value) return
      stopRequested = true
      job?.cancel()
    }
  }

  private fun launchExclusive(block: suspend () -> Unit): Job? =
    synchronized(lock) {
      if (_busy.value) return null
      stopRequested = false
      _busy.value = true
      // ATOMIC: the block starts even when stopped at once, so a question is never lost.
      scope
        .launch(start = CoroutineStart.ATOMIC) {
          withContext(NonCancellable) { recoverInterrupted().join() }
          block()
        }
        .also { launched ->
          job = launched
          launched.invokeOnCompletion {
            synchronized(lock) { if (job === launched) _busy.value = false }
          }
        }
    }

  private suspend fun answer(conversationId: Long, resume: Message? = null) {
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
    val prefixText = resume?.text.orEmpty()
    val prefixThinking = resume?.thinking.orEmpty()
    val text = StringBuilder(prefixText)
    val thinking = StringBuilder(prefixThinking)
    _active.value =
      ActiveAnswer(
        conversationId,
        messageId,
        ChatPhase.READING,
        text.toString(),
        thinking.toString(),
      )
    var finished = false
    try {
      var lastCheckpoint = clock()
      // Photos are prepared by the model the engine loads for this answer; one it cannot read
      // ends the answer as FAILED with a plain message (a Failed event).
      val request = { model: LoadedModel ->
        buildRequest(conversation.systemPrompt, history, resume, conversation.settings, model)
      }
      connection.generate(conversationId, request).collect { event ->
        when (event) {
          is GenerationEvent.PhaseStarted -> setPhase(event.phase.toChatPhase())
          is GenerationEvent.Token -> {
            (if (event.thinking) thinking else text).append(event.text)
            _active.update {
              it?.copy(
                phase = if (event.thinking) ChatPhase.THINKING else ChatPhase.ANSWERING,
                text = text.toString(),
                thinking = thinking.toString(),
              )
            }
            if (clock() - lastCheckpoint >= checkpointMillis) {
              repository.checkpoint(
                messageId,
                text.toString(),
                thinking.toString().ifEmpty { null },
              )
              lastCheckpoint = clock()
            }
          }
          is GenerationEvent.Finished -> {
            val result = event.result
            finished = true
            withContext(NonCancellable) {
              repository.finishAnswer(
                messageId,
                prefixText + result.text,
                (prefixThinking + result.thinking.orEmpty()).ifEmpty { null },
                if (result.finishReason() == FinishReason.CANCELLED) MessageStatus.CANCELLED
                else MessageStatus.COMPLETE,
                result.finishReason().id(),
                stats = result.stats(),
                modelId = (connection.state.value as? EngineState.Ready)?.info?.id,
              )
            }
          }
          is GenerationEvent.Failed -> {
            finished = true
            val partial = event.error.partialResult()
            withContext(NonCancellable) {
              repository.finishAnswer(
                messageId,
                prefixText + (partial?.text() ?: ""),
                (prefixThinking + partial?.thinking().orEmpty()).ifEmpty { null },
                MessageStatus.FAILED,
                FinishReason.ERROR.id(),
                error = event.error.message ?: event.error.toString(),
              )
            }
          }
        }
      }
    } catch (e: CancellationException) {
      throw e
    } catch (e: RuntimeException) {
      // The engine broke a contract (e.g. threw instead of reporting); keep what streamed.
      finished = true
      withContext(NonCancellable) {
        repository.finishAnswer(
          messageId,
          text.toString(),
          thinking.toString().ifEmpty { null },
          MessageStatus.FAILED,
          FinishReason.ERROR.id(),
          error = e.message ?: e.toString(),
        )
      }
    } finally {
      // Only a user's stop writes here; when the process is going away nothing more is written
      // and the last checkpoint stands (it becomes INTERRUPTED at the next start).
      if (!finished && stopRequested) {
        withContext(NonCancellable) {
          repository.finishAnswer(
            messageId,
            text.toString(),
            thinking.toString().ifEmpty { null },
            MessageStatus.CANCELLED,
            FinishReason.CANCELLED.id(),
          )
        }
      }
      _active.value = null
    }
  }

  private fun setPhase(phase: ChatPhase?) {
    if (phase != null) _active.update { it?.copy(phase = phase) }
  }

  private fun buildRequest(
    systemPrompt: String?,
    history: List<Message>,
    resume: Message?,
    settings: app.lumen.app.data.GenerationSettings,
    model: LoadedModel,
  ): GenerationRequest {
    val messages = mutableListOf<ChatMessage>()
    if (!systemPrompt.isNullOrBlank()) messages += ChatMessage.system(systemPrompt)
    val upTo = if (resume == null) history else history.takeWhile { it.id <= resume.id }
    for (message in upTo) {
      when (message.author) {
        Author.USER ->
          messages +=
            if (message.attachments.isEmpty()) ChatMessage.user(message.text)
            else
              ChatMessage.user(
                message.text,
                message.attachments.map { images.forAttachment(model, it) },
              )
        Author.ASSISTANT ->
          // Empty answers (failed before the first token) are not part of the conversation.
          if (message.text.isNotBlank()) messages += ChatMessage.assistant(message.text)
      }
    }
    // The engine always opens a new assistant turn, so a continuation is asked for explicitly.
    if (resume != null) messages += ChatMessage.user(CONTINUE_INSTRUCTION)
    val builder =
      GenerationRequest.builder(messages).maxNewTokens(settings.maxNewTokens).think(settings.think)
    settings.temperature?.let { builder.sampling(SamplingParams.builder().temperature(it).build()) }
    return builder.build()
  }

  companion object {
    /**
     * Twice a second: at most half a second of an answer is lost to a crash, at little I/O cost.
     */
    const val DEFAULT_CHECKPOINT_MILLIS = 500L
    const val CONTINUE_INSTRUCTION =
      "Continue your previous answer exactly where it stopped, without repeating it."

    private fun Phase.toChatPhase(): ChatPhase? =
      when (this) {
        Phase.LOADING -> ChatPhase.LOADING_MODEL
        Phase.ENCODING_IMAGE -> ChatPhase.ENCODING_IMAGE
        Phase.PREFILL -> ChatPhase.READING
        Phase.DECODE -> null
      }
  }
}
