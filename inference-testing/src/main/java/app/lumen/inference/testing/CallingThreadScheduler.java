package app.lumen.inference.testing;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Plays a blocking {@code generate} on the thread that called it, in real time: the caller runs the
 * tasks as they fall due, and waits in between. Tasks may be added from any thread (a cancellation
 * from another thread wakes the caller at once).
 */
final class CallingThreadScheduler implements FakeScheduler {
  private record Task(long dueMillis, long order, Runnable body) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::order));
  private long scheduled;

  @Override
  public synchronized Scheduled schedule(long delayMillis, Runnable body) {
    Task task = new Task(nowMillis() + Math.max(0, delayMillis), scheduled++, body);
    queue.add(task);
    notifyAll();
    return () -> {
      synchronized (this) {
        queue.remove(task);
      }
    };
  }

  @Override
  public long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  /**
   * Runs tasks on this thread until {@code done} holds. An interrupt calls {@code onInterrupt}
   * (which should make {@code done} come true soon) and is restored on return.
   */
  void runUntil(BooleanSupplier done, Runnable onInterrupt) {
    boolean interrupted = false;
    while (!done.getAsBoolean()) {
      Task next;
      try {
        next = awaitNext();
      } catch (InterruptedException e) {
        if (!interrupted) {
          interrupted = true;
          onInterrupt.run();
        }
        continue;
      }
      next.body().run();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Task awaitNext() throws InterruptedException {
    while (true) {
      Task next = queue.peek();
      if (next == null) {
        wait();
        continue;
      }
      long wait = next.dueMillis() - nowMillis();
      if (wait <= 0) {
        return queue.poll();
      }
      wait(wait);
    }
  }
}
