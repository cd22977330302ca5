package app.lumen.app.chat

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * One answer at a time: [launch] starts a job in [scope] unless one is running, [stop] cancels the
 * running one and remembers that the user asked for it (a cancellation for any other reason, such
 * as the process going away, is not a stop). It also knows which conversation the running job
 * writes into ([conversationId]), so that deleting that conversation can stop it first.
 *
 * Threading: safe from any thread.
 */
internal class OneAtATime(private val scope: CoroutineScope) {
  private val lock = Any()
  private var job: Job? = null
  private val _busy = MutableStateFlow(false)
  private val _conversationId = MutableStateFlow<Long?>(null)

  /** True from a launch until its job has completely finished. */
  val busy: StateFlow<Boolean> = _busy.asStateFlow()

  /** The conversation of the running job; null when idle or while a new chat is being created. */
  val conversationId: StateFlow<Long?> = _conversationId.asStateFlow()

  /** Whether the user stopped the running (or last) job. */
  @Volatile
  var stopRequested = false
    private set

  /** Starts [block] for [conversationId] (null: not created yet), or returns null when busy. */
  fun launch(conversationId: Long?, block: suspend () -> Unit): Job? =
    synchronized(lock) {
      if (_busy.value) return null
      stopRequested = false
      _busy.value = true
      _conversationId.value = conversationId
      // ATOMIC: the block starts even when stopped at once, so a question is never lost.
      scope
        .launch(start = CoroutineStart.ATOMIC) { block() }
        .also { launched ->
          job = launched
          launched.invokeOnCompletion {
            synchronized(lock) {
              if (job === launched) {
                _busy.value = false
                _conversationId.value = null
              }
            }
          }
        }
    }

  /** The running job has created the conversation it writes into. */
  fun created(conversationId: Long) {
    synchronized(lock) { if (_busy.value) _conversationId.value = conversationId }
  }

  fun stop() {
    synchronized(lock) { stopLocked() }
  }

  /** Stops the job writing into [conversationId], if one is, and waits until it has finished. */
  suspend fun stopAndJoin(conversationId: Long) {
    val stopped =
      synchronized(lock) {
        if (_conversationId.value != conversationId) return
        stopLocked()
        job
      }
    stopped?.join()
  }

  private fun stopLocked() {
    if (!_busy.value) return
    stopRequested = true
    job?.cancel()
  }
}
