package app.lumen.app

import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Delay
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Runnable

/**
 * The coroutines of one simulated process, on the main looper like the rest of a test, until
 * [kill]: from then on nothing of them runs again. That is what Android's kill does and a
 * cancellation does not: no `finally` block, no last write, only what is already in the database
 * file remains.
 */
@OptIn(InternalCoroutinesApi::class)
class ProcessDispatcher : CoroutineDispatcher(), Delay {
  private val main = Dispatchers.Main
  private val mainDelay = main as Delay
  @Volatile private var alive = true

  fun kill() {
    alive = false
  }

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    main.dispatch(context, Runnable { if (alive) block.run() })
  }

  // Delays go by the main looper's clock, as they would on Dispatchers.Main, and resume through
  // dispatch: a delay that ends after the kill resumes nothing.
  override fun scheduleResumeAfterDelay(
    timeMillis: Long,
    continuation: CancellableContinuation<Unit>,
  ) {
    val timer =
      mainDelay.invokeOnTimeout(
        timeMillis,
        Runnable { continuation.resume(Unit) },
        continuation.context,
      )
    continuation.invokeOnCancellation { timer.dispose() }
  }

  override fun invokeOnTimeout(
    timeMillis: Long,
    block: Runnable,
    context: CoroutineContext,
  ): DisposableHandle =
    mainDelay.invokeOnTimeout(timeMillis, Runnable { if (alive) block.run() }, context)
}
