package app.lumen.cli;

import app.lumen.inference.GenerationListener;
import app.lumen.inference.Phase;
import java.lang.management.ManagementFactory;

/**
 * Heap bytes the generating thread allocates during prefill and between generated tokens, from the
 * JVM's per-thread allocation counter ({@code com.sun.management.ThreadMXBean}, which Android
 * lacks; hence only here and in tests). The engine generates on the thread that calls {@code
 * generate}, and every listener call arrives on it, so the counter read in the callbacks covers
 * exactly the engine's own Java allocations. Not thread-safe: one per generation.
 */
final class HeapAllocationMeter implements GenerationListener {
  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private final GenerationListener delegate;
  private long prefillStart = -1;
  private long prefillBytes = -1;
  private long firstToken = -1;
  private long lastToken = -1;
  private int tokens;

  HeapAllocationMeter(GenerationListener delegate) {
    this.delegate = delegate;
  }

  /** Whether this JVM counts allocations per thread (HotSpot does). */
  static boolean supported() {
    return THREADS != null;
  }

  /** Bytes allocated by the current thread so far; -1 when the JVM does not count. */
  static long allocatedBytes() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  @Override
  public void onPhaseStarted(Phase phase) {
    if (phase == Phase.PREFILL) {
      prefillStart = allocatedBytes();
    }
    delegate.onPhaseStarted(phase);
  }

  @Override
  public void onPhase(Phase phase, double millis) {
    if (phase == Phase.PREFILL && prefillStart >= 0) {
      prefillBytes = allocatedBytes() - prefillStart;
    }
    delegate.onPhase(phase, millis);
  }

  @Override
  public void onToken(int tokenId, String textDelta, boolean thinking) {
    long now = allocatedBytes();
    if (tokens == 0) {
      firstToken = now;
    }
    lastToken = now;
    tokens++;
    delegate.onToken(tokenId, textDelta, thinking);
  }

  /** Heap bytes per prefilled token; -1 when not measured. */
  double perPrefillToken(int prefilledTokens) {
    return prefillBytes < 0 || prefilledTokens == 0 ? -1 : (double) prefillBytes / prefilledTokens;
  }

  /**
   * Heap bytes per decode step (one graph run, sampling and the token's text) between the first and
   * the last streamed token; -1 when fewer than two tokens streamed.
   */
  double perDecodeStep() {
    return tokens < 2 || firstToken < 0 ? -1 : (double) (lastToken - firstToken) / (tokens - 1);
  }

  private static com.sun.management.ThreadMXBean threads() {
    try {
      if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
          && bean.isThreadAllocatedMemorySupported()) {
        bean.setThreadAllocatedMemoryEnabled(true);
        return bean;
      }
    } catch (UnsupportedOperationException | LinkageError e) {
      // a JVM without the extension: the figures are reported as null
    }
    return null;
  }
}
