package app.lumen.inference.testing;

/** Sleeping that turns interruption back into the interrupt flag. */
final class FakeClock {
  private FakeClock() {}

  static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
