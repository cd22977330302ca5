package app.lumen.app.engine

import app.lumen.inference.ChatSession
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationException
import app.lumen.inference.GenerationHandle
import app.lumen.inference.GenerationListener
import app.lumen.inference.GenerationRequest
import app.lumen.inference.GenerationResult
import app.lumen.inference.InferenceEngine
import app.lumen.inference.InferenceException
import app.lumen.inference.LoadedModel
import app.lumen.inference.MemoryGate
import app.lumen.inference.Phase
import java.io.File
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/** What the answer being generated waits for, for the notification. */
enum class AnswerStep {
  LOADING_MODEL,
  WRITING,
}

/**
 * Owns the one engine, the loaded model and the session of the conversation in use; the inference
 * service holds one of these. Loads the model on the first generation, unloads it after
 * [idleTimeoutMillis] without generations or on memory pressure ([trimMemory]), and reloads it
 * transparently on the next generation. Unloading closes the model, and with it its vision graph
 * and encoding cache ([LoadedModel.vision]), which requests use for their photos.
 *
 * A load cannot be interrupted: when its answer is stopped or its caller leaves, the load goes on
 * and the model it returns is kept for the next question (and unloaded when idle, like any other),
 * or closed when it is no longer wanted.
 *
 * Threading: all methods are safe from any thread. Generations run one at a time; loading and
 * unloading never overlap a generation.
 */
class EngineHost(
  private val engineFactory: () -> InferenceEngine,
  private val locator: ModelLocator,
  private val scope: CoroutineScope,
  private val io: CoroutineDispatcher = Dispatchers.IO,
  private val idleTimeoutMillis: Long = DEFAULT_IDLE_TIMEOUT_MILLIS,
  /** What to tell the user when ONNX Runtime's native libraries cannot be loaded. */
  private val runtimeUnavailableMessage: (LinkageError) -> String =
    NativeRuntime::unavailableMessage,
  /** Asked before each load whether the package fits in memory now. */
  private val memoryCheck: MemoryCheck = MemoryCheck.UNCHECKED,
  /** What to tell the user when [memoryCheck] stands in the way of a load. */
  private val memoryMessage: (MemoryGate.Decision) -> String = MemoryGate.Decision::message,
) : InferenceConnection, AutoCloseable {

  /** A load in flight, of the package in [dir]; its outcome goes to whoever claims it first. */
  private class PendingLoad(val dir: File, val outcome: Deferred<Result<LoadedModel>>)

  private val lock = Mutex()
  @Volatile private var engine: InferenceEngine? = null
  private var model: LoadedModel? = null
  private var modelDir: File? = null
  private var loading: PendingLoad? = null
  private var session: ChatSession? = null
  private var sessionConversation = NO_CONVERSATION
  @Volatile private var handle: GenerationHandle? = null
  @Volatile private var stopRequest: CompletableDeferred<Unit>? = null
  private var idleJob: Job? = null
  /** Packages the user chose to load although memory is tight; asked once per process. */
  private val loadConfirmed = mutableSetOf<File>()

  private val _state = MutableStateFlow(initialState())
  override val state: StateFlow<EngineState> = _state.asStateFlow()

  private val _answerStep = MutableStateFlow<AnswerStep?>(null)

  /**
   * What the answer being generated waits for, from the moment it is asked for until it ends (for
   * the notification); null while no answer is being generated.
   */
  val answerStep: StateFlow<AnswerStep?> = _answerStep.asStateFlow()

  private val _generatedTokens = MutableStateFlow(0)

  /** Tokens generated so far by the running generation (for the notification). */
  val generatedTokens: StateFlow<Int> = _generatedTokens.asStateFlow()

  override fun generate(
    conversationId: Long,
    loadAnyway: Boolean,
    request: (LoadedModel) -> GenerationRequest,
  ): Flow<GenerationEvent> = flow {
    lock.withLock {
      idleJob?.cancel()
      val stop = CompletableDeferred<Unit>().also { stopRequest = it }
      _generatedTokens.value = 0
      _answerStep.value = if (model == null) AnswerStep.LOADING_MODEL else AnswerStep.WRITING
      val ended = CompletableDeferred<Unit>()
      try {
        val session =
          try {
            sessionFor(conversationId, stop, loadAnyway)
          } catch (e: InferenceException) {
            _state.value = EngineState.LoadFailed(e.message ?: e.toString())
            emit(GenerationEvent.Failed(e as? GenerationException ?: failure(e.message, e)))
            return@withLock
          }
        if (session == null) {
          emit(cancelledBeforeGenerating(modelId = null))
          return@withLock
        }
        val loaded = checkNotNull(model)
        _state.value = EngineState.Ready(loaded.info(), generating = true)
        _answerStep.value = AnswerStep.WRITING
        // Built with the model just loaded: its photos are decoded and planned by this model.
        val built =
          try {
            withContext(io) { request(loaded) }
          } catch (e: InferenceException) {
            emit(GenerationEvent.Failed(e as? GenerationException ?: failure(e.message, e)))
            null
          }
        when {
          built == null -> {}
          stop.isCompleted -> emit(cancelledBeforeGenerating(loaded.info().id()))
          else -> emitAll(stream(session, built, loaded.info().id(), ended))
        }
      } finally {
        // Wait for the engine to stop so the next generation finds the session free. A session
        // is free again when it reports the end, so this suspends rather than blocks a thread.
        handle?.let { running ->
          running.cancel()
          withContext(NonCancellable) { ended.await() }
        }
        handle = null
        stopRequest = null
        _answerStep.value = null
        // Without a model (a load that failed, or goes on without this answer) the state is the
        // load's to settle.
        model?.let {
          _state.value = EngineState.Ready(it.info(), generating = false)
          scheduleIdleUnload()
        }
      }
    }
  }

  /**
   * The generation's events; [modelId] names the model in its end, [ended] completes when the
   * engine has reported that end.
   */
  private fun stream(
    session: ChatSession,
    request: GenerationRequest,
    modelId: String,
    ended: CompletableDeferred<Unit>,
  ): Flow<GenerationEvent> =
    callbackFlow {
        val listener =
          object : GenerationListener {
            override fun onPhaseStarted(phase: Phase) {
              trySend(GenerationEvent.PhaseStarted(phase))
            }

            override fun onToken(tokenId: Int, textDelta: String, thinking: Boolean) {
              _generatedTokens.value += 1
              trySend(GenerationEvent.Token(textDelta, thinking))
            }

            override fun onFinished(result: GenerationResult) {
              trySend(GenerationEvent.Finished(result, modelId))
              close()
              ended.complete(Unit)
            }

            override fun onFailed(error: GenerationException) {
              trySend(GenerationEvent.Failed(error))
              close()
              ended.complete(Unit)
            }
          }
        val started = session.generateAsync(request, listener)
        handle = started
        // A stop that came while the generation was being started.
        if (stopRequest?.isCompleted != false) started.cancel()
        awaitClose { handle?.cancel() }
      }
      // Every token matters: never drop events when the collector is slower than the engine.
      .buffer(Channel.UNLIMITED)

  /** Stops the running answer: its generation, or the wait for its model while that loads. */
  override fun stop() {
    stopRequest?.complete(Unit)
    handle?.cancel()
  }

  /**
   * The session for [conversationId], loading the model first when it is not in memory; null when
   * [stop] came while the model loaded.
   */
  private suspend fun FlowCollector<GenerationEvent>.sessionFor(
    conversationId: Long,
    stop: Deferred<Unit>,
    loadAnyway: Boolean,
  ): ChatSession? {
    val dir = locator.installedModel() ?: throw failure(NO_MODEL_MESSAGE, null)
    if (model == null || dir != modelDir) {
      // A load already under way was let through when it started.
      if (loading?.dir != dir) checkMemory(dir, loadAnyway)
      val load = loadOf(dir)
      emit(GenerationEvent.PhaseStarted(Phase.LOADING))
      _state.value = EngineState.Loading
      _answerStep.value = AnswerStep.LOADING_MODEL
      val outcome =
        try {
          select<Result<LoadedModel>?> {
            load.outcome.onAwait { it }
            stop.onAwait { null }
          }
        } catch (e: CancellationException) {
          adoptLater(load)
          throw e
        }
      if (outcome == null || stop.isCompleted) {
        adoptLater(load)
        return null
      }
      loading = null
      model = outcome.getOrThrow()
      modelDir = dir
    }
    val current = session
    if (current != null && sessionConversation == conversationId) return current
    // One cache at a time: another conversation is restored from its full history on its next send.
    current?.close()
    return checkNotNull(model).newSession().also {
      session = it
      sessionConversation = conversationId
    }
  }

  /**
   * Throws [NotEnoughMemoryException] unless the package in [dir] may be loaded now: a model that
   * fits loads; one too large never does; a tight one only once the user has confirmed it
   * ([loadAnyway]), which holds for the rest of the process.
   */
  private suspend fun checkMemory(dir: File, loadAnyway: Boolean) {
    val decision = withContext(io) { memoryCheck.check(dir) } ?: return
    when (decision.verdict()) {
      MemoryGate.Verdict.FITS -> return
      MemoryGate.Verdict.TIGHT -> {
        if (loadAnyway) loadConfirmed += dir
        if (dir in loadConfirmed) return
      }
      MemoryGate.Verdict.TOO_LARGE -> {}
    }
    throw NotEnoughMemoryException(decision, memoryMessage(decision))
  }

  /** The load of [dir] in flight, joined; or, after unloading what is in memory, a new one. */
  private fun loadOf(dir: File): PendingLoad {
    loading
      ?.takeIf { it.dir == dir }
      ?.let {
        return it
      }
    unloadLocked()
    // In the host's scope, not the caller's: a caller that leaves must not lose the model.
    val outcome =
      scope.async(io) {
        try {
          val engine = engine ?: engineFactory().also { engine = it }
          Result.success(engine.load(dir.toPath()))
        } catch (e: LinkageError) {
          // An Error, not an exception: without this it would end the app instead of the answer.
          Result.failure(failure(runtimeUnavailableMessage(e), e))
        } catch (e: Exception) {
          Result.failure(e)
        }
      }
    return PendingLoad(dir, outcome).also { loading = it }
  }

  /**
   * Settles a load its answer no longer waits for: keeps its model when it is still the one wanted
   * (the next question then needs no load), or closes it.
   */
  private fun adoptLater(load: PendingLoad) {
    scope.launch {
      val outcome = load.outcome.await()
      lock.withLock {
        if (loading !== load) {
          // Unloaded meanwhile, or replaced by another package: nobody wants this model.
          outcome.getOrNull()?.let { if (it !== model) it.close() }
          return@withLock
        }
        loading = null
        outcome.fold(
          onSuccess = {
            model = it
            modelDir = load.dir
            _state.value = EngineState.Ready(it.info(), generating = false)
            scheduleIdleUnload()
          },
          onFailure = { _state.value = EngineState.LoadFailed(it.message ?: it.toString()) },
        )
      }
    }
  }

  private fun scheduleIdleUnload() {
    idleJob?.cancel()
    idleJob =
      scope.launch {
        delay(idleTimeoutMillis)
        lock.withLock { unloadLocked() }
      }
  }

  /**
   * Frees the model under memory pressure unless a generation needs it right now (it is then
   * unloaded by the idle timer after the generation ends).
   */
  fun trimMemory(): Boolean {
    if (!lock.tryLock()) return false
    try {
      unloadLocked()
    } finally {
      lock.unlock()
    }
    return true
  }

  /** Closes the model; a load in flight that nobody waits for closes its model when it ends. */
  private fun unloadLocked() {
    loading = null
    session?.close()
    session = null
    sessionConversation = NO_CONVERSATION
    model?.close()
    model = null
    modelDir = null
    _state.value = initialState()
  }

  private fun initialState(): EngineState =
    if (locator.installedModel() == null) EngineState.NoModel else EngineState.Unloaded

  override fun refresh() {
    if (_state.value is EngineState.NoModel || _state.value is EngineState.Unloaded) {
      _state.value = initialState()
    }
  }

  override fun close() {
    handle?.cancel()
    idleJob?.cancel()
    session?.close()
    model?.close()
    engine?.close()
    session = null
    model = null
    engine = null
  }

  companion object {
    /** Five idle minutes: long enough for a follow-up question, short enough to return memory. */
    const val DEFAULT_IDLE_TIMEOUT_MILLIS = 5 * 60_000L
    const val NO_MODEL_MESSAGE = "No model is installed. Download one on the Models screen."
    private const val NO_CONVERSATION = Long.MIN_VALUE

    /** A failure before anything was generated (no model, model failed to load). */
    fun failure(message: String?, cause: Throwable?): GenerationException =
      GenerationException(
        message ?: "generation failed",
        cause,
        GenerationResult.empty(FinishReason.ERROR),
      )

    /** The end of an answer stopped before its generation started. */
    private fun cancelledBeforeGenerating(modelId: String?) =
      GenerationEvent.Finished(GenerationResult.empty(FinishReason.CANCELLED), modelId)
  }
}
