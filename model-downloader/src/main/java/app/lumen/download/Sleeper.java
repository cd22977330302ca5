package app.lumen.download;

/** Waits between retries; tests inject one that records delays instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = Thread::sleep;

  void sleep(long millis) throws InterruptedException;
}
