package app.lumen.inference.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Time spent inside {@code OrtSession.run}, so benchmarks can tell the engine's own per-token cost
 * from the graphs'. Thread-safe.
 */
public final class RunTimer {
  private final AtomicLong runNanos = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();

  void addRun(long nanos) {
    runNanos.addAndGet(nanos);
    runs.incrementAndGet();
  }

  /** Nanoseconds spent in graph runs since creation. */
  public long runNanos() {
    return runNanos.get();
  }

  /** Number of graph runs since creation. */
  public long runs() {
    return runs.get();
  }
}
