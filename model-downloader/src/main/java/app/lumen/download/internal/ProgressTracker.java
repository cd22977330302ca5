package app.lumen.download.internal;

import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadProgress;
import app.lumen.download.DownloadState;
import app.lumen.download.Ticker;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds up the progress of a task's files, smooths the speed and throttles events. Every listener
 * call happens under this object's lock, so a listener never sees two calls at once. Thread-safe.
 */
public final class ProgressTracker implements TransferEvents {
  // Weight of the newest speed sample: about the last two seconds dominate at four events a second.
  private static final double SPEED_SMOOTHING = 0.3;

  private final DownloadListener listener;
  private final Ticker ticker;
  private final long intervalNanos;
  private final Map<String, Long> fileBytes = new HashMap<>();
  private volatile DownloadState state = DownloadState.QUEUED;
  private long total = -1;
  private long bytes;
  private long transferred;
  private long lastEmitNanos;
  private long lastEmitTransferred;
  private boolean emittedOnce;
  private double speed;
  private String lastFile;
  private long lastFileBytes;
  private long lastFileTotal = -1;

  public ProgressTracker(DownloadListener listener, Ticker ticker, long intervalMillis) {
    this.listener = listener;
    this.ticker = ticker;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  public DownloadState currentState() {
    return state;
  }

  public synchronized void setTotal(long total) {
    this.total = total;
  }

  @Override
  public synchronized void state(DownloadState newState) {
    if (state.isFinal() || newState.equals(state)) {
      return;
    }
    state = newState;
    listener.onStateChanged(newState);
  }

  /** Records a final state even over another final one (a failure after a pause request). */
  public synchronized void finish(DownloadState finalState) {
    if (!finalState.equals(state)) {
      state = finalState;
      listener.onStateChanged(finalState);
    }
  }

  @Override
  public synchronized void fileBytes(String file, long fileNow, long fileTotal) {
    Long before = fileBytes.put(file, fileNow);
    if (total < 0 && fileTotal >= 0 && fileBytes.size() == 1) {
      total = fileTotal; // a single file whose size the server told us
    }
    long delta = fileNow - (before == null ? 0 : before);
    bytes += delta;
    if (delta > 0 && before != null) {
      transferred += delta;
    }
    lastFile = file;
    lastFileBytes = fileNow;
    lastFileTotal = fileTotal;
    emit(false);
  }

  public synchronized void fileVerified(VerifiedFile f) {
    listener.onFileVerified(f.name(), f.size(), f.sha256());
  }

  @Override
  public synchronized void retry(String file, int attempt, long delayMillis, String cause) {
    listener.onRetry(file, attempt, delayMillis, cause);
  }

  /** Sends a progress event now, whatever the throttle says (start and end of a task). */
  public synchronized void flush() {
    emit(true);
  }

  public synchronized long bytes() {
    return bytes;
  }

  private void emit(boolean force) {
    long now = ticker.nanoTime();
    if (!emittedOnce) {
      emittedOnce = true;
      lastEmitNanos = now;
      lastEmitTransferred = transferred;
    } else {
      long elapsed = now - lastEmitNanos;
      if (!force && elapsed < intervalNanos) {
        return;
      }
      if (elapsed > 0) {
        double sample = (transferred - lastEmitTransferred) * 1e9 / elapsed;
        speed = speed == 0 ? sample : SPEED_SMOOTHING * sample + (1 - SPEED_SMOOTHING) * speed;
      }
      lastEmitNanos = now;
      lastEmitTransferred = transferred;
    }
    long eta = total >= 0 && speed > 0 ? (long) Math.ceil((total - bytes) / speed) : -1;
    listener.onProgress(
        new DownloadProgress(lastFile, lastFileBytes, lastFileTotal, bytes, total, speed, eta));
  }
}
