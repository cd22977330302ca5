package app.lumen.inference.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The stop signal of one generation. Besides the flag checked between pictures, prefill chunks and
 * tokens, it sets ONNX Runtime's terminate flag, so a long graph run (a photo's vision run or a
 * prefill chunk of a large model can take seconds on a phone) stops early instead of finishing
 * first.
 *
 * <p>Thread-safe: {@link #cancel()} may come from any thread, even after {@link #close()}.
 */
final class Cancellation implements AutoCloseable {
  private final OrtSession.RunOptions runOptions;
  private volatile boolean cancelled;
  private boolean closed;

  Cancellation() {
    OrtSession.RunOptions options;
    try {
      options = new OrtSession.RunOptions();
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      options = null; // the flag alone still stops between tokens
    }
    this.runOptions = options;
  }

  /** Requests the stop. Idempotent. */
  synchronized void cancel() {
    cancelled = true;
    if (runOptions != null && !closed) {
      try {
        runOptions.setTerminate(true);
      } catch (OrtException ignored) {
        // The flag is set; the loop stops at its next check.
      }
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Options for graph runs of this generation (null when the runtime could not make them). */
  OrtSession.RunOptions runOptions() {
    return runOptions;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (runOptions != null) {
        runOptions.close();
      }
    }
  }
}
