package app.lumen.inference.internal;

import app.lumen.inference.GraphRunStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time spent inside {@code OrtSession.run}, so benchmarks can tell the engine's own per-token cost
 * from the graphs'. Thread-safe.
 */
final class RunTimer implements GraphRunStats {
  private final AtomicLong runNanos = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();

  void addRun(long nanos) {
    runNanos.addAndGet(nanos);
    runs.incrementAndGet();
  }

  @Override
  public long runNanos() {
    return runNanos.get();
  }

  @Override
  public long runs() {
    return runs.get();
  }
}
