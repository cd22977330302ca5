package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadState;
import app.lumen.download.DownloadTask;
import app.lumen.download.DownloaderConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/** Runs a task body on a worker thread and turns its ending into a final state. Thread-safe. */
abstract class AbstractTask implements DownloadTask, Runnable {
  protected final DownloaderConfig config;
  protected final StopSignal stop = new StopSignal();
  protected final ProgressTracker tracker;
  private final SpaceLedger ledger;
  private final CompletableFuture<DownloadState> result = new CompletableFuture<>();
  private volatile SpaceLedger.Reservation reservation;

  AbstractTask(DownloaderConfig config, SpaceLedger ledger, DownloadListener listener) {
    this.config = config;
    this.ledger = ledger;
    this.tracker = new ProgressTracker(listener, config.ticker(), config.progressIntervalMillis());
    listener.onStateChanged(DownloadState.QUEUED);
  }

  /** Does the work; returns normally once everything is verified and in place. */
  abstract void body() throws DownloadException, StoppedException;

  /** Removes what this task wrote, after a cancel. */
  abstract void cleanUpAfterCancel();

  @Override
  public final void run() {
    DownloadState end;
    try {
      bodyThenReleaseSpace();
      end = DownloadState.INSTALLED;
    } catch (StoppedException e) {
      if (e.kind() == StopSignal.Kind.CANCEL) {
        cleanUpAfterCancel();
        end = DownloadState.CANCELLED;
      } else {
        end = DownloadState.PAUSED;
      }
    } catch (DownloadException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      fail(new DownloadException(Reason.STORAGE, null, "unexpected failure: " + e, e));
      return;
    }
    tracker.flush();
    tracker.finish(end);
    result.complete(end);
  }

  private void bodyThenReleaseSpace() throws DownloadException, StoppedException {
    try {
      body();
    } finally {
      // Before the task reports its end: a task started after that must find the space free.
      SpaceLedger.Reservation r = reservation;
      if (r != null) {
        r.close();
      }
    }
  }

  private void fail(DownloadException e) {
    tracker.finish(DownloadState.failed(e));
    result.completeExceptionally(e);
  }

  /** Fails before running (the executor is closed). */
  void reject(DownloadException e) {
    fail(e);
  }

  @Override
  public void pause() {
    stop.request(StopSignal.Kind.PAUSE);
  }

  @Override
  public void cancel() {
    stop.request(StopSignal.Kind.CANCEL);
  }

  @Override
  public DownloadState state() {
    return tracker.currentState();
  }

  @Override
  public DownloadState await() throws DownloadException, InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DownloadException) {
        throw (DownloadException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Reserves space for {@code remaining} bytes plus the margin beside the other running tasks, or
   * refuses to start ({@link Reason#INSUFFICIENT_SPACE}). Held until the task ends.
   *
   * @param stillToWrite what this task has left to write from now on
   */
  void reserveSpace(Path dir, long remaining, LongSupplier stillToWrite) throws DownloadException {
    reservation = ledger.reserve(dir, remaining, stillToWrite);
  }
}
