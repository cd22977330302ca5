package app.lumen.download;

/** A monotonic clock in nanoseconds (speed, ETA, progress throttling); injectable for tests. */
@FunctionalInterface
public interface Ticker {
  Ticker SYSTEM = System::nanoTime;

  long nanoTime();
}
