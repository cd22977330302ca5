package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadState;
import app.lumen.download.DownloadTask;
import app.lumen.download.DownloaderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Runs a task body on a worker thread and turns its ending into a final state. Thread-safe. */
abstract class AbstractTask implements DownloadTask, Runnable {
  protected final DownloaderConfig config;
  protected final StopSignal stop = new StopSignal();
  protected final ProgressTracker tracker;
  private final CompletableFuture<DownloadState> result = new CompletableFuture<>();

  AbstractTask(DownloaderConfig config, DownloadListener listener) {
    this.config = config;
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
      body();
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

  /** Refuses to start when the disk cannot take {@code remaining} bytes plus the margin. */
  void checkFreeSpace(Path dir, long remaining) throws DownloadException {
    if (remaining <= 0) {
      return;
    }
    long usable;
    try {
      usable = config.storage().usableBytes(dir);
    } catch (IOException e) {
      throw new DownloadException(
          Reason.STORAGE, dir.toString(), "cannot read free space: " + e, e);
    }
    long needed = remaining + config.freeSpaceMarginBytes();
    if (usable < needed) {
      throw new DownloadException(
          Reason.INSUFFICIENT_SPACE,
          dir.toString(),
          String.format(
              java.util.Locale.ROOT,
              "needs %.1f MiB (%.1f MiB to fetch + %.1f MiB margin), %.1f MiB free",
              mib(needed),
              mib(remaining),
              mib(config.freeSpaceMarginBytes()),
              mib(usable)));
    }
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
