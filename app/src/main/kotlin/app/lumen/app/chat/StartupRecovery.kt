package app.lumen.app.chat

import app.lumen.app.data.ChatRepository
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Crash recovery at start-up: answers left STREAMING by a dead process become INTERRUPTED (their
 * last checkpoint kept, for Continue), once per process, before anything new streams.
 *
 * Threading: safe from any thread.
 */
internal class StartupRecovery(repository: ChatRepository, scope: CoroutineScope) {
  private val recovery: Job =
    scope.launch(start = CoroutineStart.LAZY) { repository.markInterrupted() }

  /** Starts the recovery if it has not started; the job completes when it is done. */
  fun start(): Job = recovery.also { it.start() }

  /** Waits for the recovery, even when the caller is being cancelled. */
  suspend fun await() = withContext(NonCancellable) { start().join() }
}
