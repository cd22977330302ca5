package app.lumen.inference.testing;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The default {@link FakeScheduler}: one daemon worker thread, in real time. */
final class WorkerThreadScheduler implements FakeScheduler {
  static final String THREAD_NAME = "fake-generate";

  private final ScheduledThreadPoolExecutor worker;

  WorkerThreadScheduler() {
    worker =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, THREAD_NAME);
              thread.setDaemon(true);
              return thread;
            });
    // A cancelled delay leaves the queue at once, so the thread can end as soon as it shuts down.
    worker.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Scheduled schedule(long delayMillis, Runnable task) {
    ScheduledFuture<?> future =
        worker.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  /**
   * Refuses new tasks; those already scheduled still run (the ones that end cancelled generations),
   * then the thread ends.
   */
  void shutdown() {
    worker.shutdown();
  }
}
