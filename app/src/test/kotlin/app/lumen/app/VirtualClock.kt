package app.lumen.app

import android.content.Context
import android.os.Handler
import android.os.Looper
import androidx.room.Room
import app.lumen.app.data.LumenDatabase
import app.lumen.inference.testing.FakeScheduler
import java.util.PriorityQueue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import org.robolectric.Shadows.shadowOf

/**
 * Time for Robolectric tests, moved only by the test: never by the machine's speed, nor by Compose,
 * whose frames move the looper's own clock.
 *
 * Everything runs on the main looper, the test's one thread: the app's coroutines (on
 * `Dispatchers.Main`), Room (see [mainLooperDatabase]) and the fake engine, whose scripted delays
 * pass on this clock. A task falls due, runs as a looper task, and all it sets off at that instant
 * runs too before the clock moves on. Compose's `waitForIdle` runs what is due as well.
 */
class VirtualClock : FakeScheduler {
  private class Task(val dueMillis: Long, val order: Long, val body: Runnable)

  private val due = PriorityQueue(compareBy<Task>({ it.dueMillis }, { it.order }))
  private val mainThread = Handler(Looper.getMainLooper())
  private var now = 0L
  private var scheduled = 0L

  override fun schedule(delayMillis: Long, task: Runnable): FakeScheduler.Scheduled {
    checkMainThread()
    if (delayMillis <= 0) {
      mainThread.post(task)
      return FakeScheduler.Scheduled { mainThread.removeCallbacks(task) }
    }
    val entry = Task(now + delayMillis, scheduled++, task)
    due.add(entry)
    return FakeScheduler.Scheduled { due.remove(entry) }
  }

  override fun nowMillis(): Long = now

  /** Runs what is due now on the main looper, and what that posts for now. */
  fun runCurrent() {
    checkMainThread()
    shadowOf(Looper.getMainLooper()).idle()
  }

  /**
   * Moves the clock from one due task to the next until [condition] holds. It fails rather than
   * waits: when nothing is left that could make it hold, or after [limit] of virtual time.
   */
  fun runUntil(limit: Duration = DEFAULT_LIMIT, condition: () -> Boolean) {
    val deadline = now + limit.inWholeMilliseconds
    runCurrent()
    while (!condition()) {
      val next = checkNotNull(due.peek()) { "the condition can no longer hold: nothing to run" }
      check(next.dueMillis <= deadline) { "the condition did not hold within $limit" }
      runNext()
    }
  }

  /** Runs [block] on the main looper to its end, moving the clock as far as it needs. */
  @OptIn(ExperimentalCoroutinesApi::class)
  fun <T> await(block: suspend CoroutineScope.() -> T): T {
    val result = CoroutineScope(Dispatchers.Main).async(block = block)
    runUntil { result.isCompleted }
    return result.getCompleted()
  }

  private fun runNext() {
    val task = due.poll()!!
    now = task.dueMillis
    mainThread.post(task.body)
    runCurrent()
  }

  private fun checkMainThread() =
    check(Looper.myLooper() == Looper.getMainLooper()) { "the virtual clock is main-thread only" }

  private companion object {
    val DEFAULT_LIMIT = 10.minutes
  }
}

/** The app's database file [name] on the main looper: queries, transactions and Flow updates. */
fun mainLooperDatabase(context: Context, name: String): LumenDatabase =
  LumenDatabase.builder(Room.databaseBuilder(context, LumenDatabase::class.java, name))
    .setQueryCoroutineContext(Dispatchers.Main)
    .allowMainThreadQueries()
    .build()
