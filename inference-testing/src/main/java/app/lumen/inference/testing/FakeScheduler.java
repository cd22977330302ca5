package app.lumen.inference.testing;

/**
 * Where a {@link FakeInferenceEngine} plays its asynchronous generations, and the clock their
 * scripted delays pass on.
 *
 * <p>By default each loaded model plays on a worker thread of its own, in real time. A test on
 * virtual time passes the engine a scheduler over its test clock instead (a coroutine test
 * dispatcher, Robolectric's paused main looper): a script's prefill and token delays then pass when
 * the test advances that clock, and every listener call runs on the test's thread, so nothing
 * depends on how busy the machine is.
 *
 * <p>Implementations run tasks one at a time, earliest due first, tasks due at the same time in the
 * order they were scheduled; {@link #schedule} may be called from any thread, and from a task.
 */
public interface FakeScheduler {

  /** A scheduled task, which can be dropped before it runs. */
  @FunctionalInterface
  interface Scheduled {
    /** Drops the task if it has not started; no effect afterwards. */
    void cancel();
  }

  /**
   * Runs {@code task} once {@code delayMillis} have passed on this scheduler's clock; with a delay
   * of 0 as soon as the tasks before it have run, never inside this call.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the scheduler has shut down
   */
  Scheduled schedule(long delayMillis, Runnable task);

  /** The time on this scheduler's clock, in milliseconds; generation timings are measured on it. */
  long nowMillis();
}
