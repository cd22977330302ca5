package app.lumen.download;

import java.util.concurrent.atomic.AtomicLong;

/** Never sleeps; adds up what it was asked to wait. */
final class RecordingSleeper implements Sleeper {
  final AtomicLong totalMillis = new AtomicLong();
  final AtomicLong calls = new AtomicLong();

  @Override
  public void sleep(long millis) {
    totalMillis.addAndGet(millis);
    calls.incrementAndGet();
  }
}
