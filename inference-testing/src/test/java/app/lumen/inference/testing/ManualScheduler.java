package app.lumen.inference.testing;

import java.util.Comparator;
import java.util.PriorityQueue;

/** A {@link FakeScheduler} on a virtual clock that only the test moves; tasks run on its thread. */
final class ManualScheduler implements FakeScheduler {
  private record Task(long dueMillis, long order, Runnable body) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::order));
  private long now;
  private long scheduled;

  @Override
  public Scheduled schedule(long delayMillis, Runnable body) {
    Task task = new Task(now + Math.max(0, delayMillis), scheduled++, body);
    queue.add(task);
    return () -> queue.remove(task);
  }

  @Override
  public long nowMillis() {
    return now;
  }

  /** Moves the clock {@code millis} on, running every task due by then, in order. */
  void advanceBy(long millis) {
    long target = now + millis;
    while (!queue.isEmpty() && queue.peek().dueMillis() <= target) {
      Task next = queue.poll();
      now = Math.max(now, next.dueMillis());
      next.body().run();
    }
    now = target;
  }

  /** Runs tasks, moving the clock as far as they need, until none is left. */
  void runAll() {
    while (!queue.isEmpty()) {
      advanceBy(queue.peek().dueMillis() - now);
    }
  }
}
