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
 * as the process going away, is not a stop).
 *
 * Threading: safe from any thread.
 */
internal class OneAtATime(private val scope: CoroutineScope) {
  private val lock = Any()
  private var job: Job? = null
  private val _busy = MutableStateFlow(false)

  /** True from a launch until its job has completely finished. */
  val busy: StateFlow<Boolean> = _busy.asStateFlow()

  /** Whether the user stopped the running (or last) job. */
  @Volatile
  var stopRequested = false
    private set

  /** Starts [block], or returns null when a job is running. */
  fun launch(block: suspend () -> Unit): Job? =
    synchronized(lock) {
      if (_busy.value) return null
      stopRequested = false
      _busy.value = true
      // ATOMIC: the block starts even when stopped at once, so a question is never lost.
      scope
        .launch(start = CoroutineStart.ATOMIC) { block() }
        .also { launched ->
          job = launched
          launched.invokeOnCompletion {
            synchronized(lock) { if (job === launched) _busy.value = false }
          }
        }
    }

  fun stop() {
    synchronized(lock) {
      if (!_busy.value) return
      stopRequested = true
      job?.cancel()
    }
  }
}
