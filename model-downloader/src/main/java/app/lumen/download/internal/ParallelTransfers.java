package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloaderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * Runs the {@link FileTransfer}s of one task, up to {@code parallelFiles} at a time, recording each
 * verified file in the task's {@link InstallState}. The first failure pauses the others (their
 * parts stay) and is thrown once all have stopped, so the caller never cleans up under a running
 * transfer. One use per batch, on the task's thread.
 */
final class ParallelTransfers {
  private final OkHttpClient client;
  private final DownloaderConfig config;
  private final Backoff backoff;
  private final StopSignal stop;
  private final ProgressTracker tracker;

  ParallelTransfers(
      OkHttpClient client,
      DownloaderConfig config,
      Backoff backoff,
      StopSignal stop,
      ProgressTracker tracker) {
    this.client = client;
    this.config = config;
    this.backoff = backoff;
    this.stop = stop;
    this.tracker = tracker;
  }

  /**
   * Fetches {@code todo} to their {@code targets}, adding each verified file to {@code done}.
   *
   * @throws DownloadException the first failure, after every transfer stopped
   * @throws StoppedException on pause or cancel, after every transfer stopped
   */
  void run(
      List<PlannedFile> todo,
      Map<String, Path> targets,
      InstallState state,
      Map<String, VerifiedFile> done)
      throws DownloadException, StoppedException {
    if (todo.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(config.parallelFiles(), todo.size()),
            r -> {
              Thread t = new Thread(r, "lumen-download-file");
              t.setDaemon(true);
              return t;
            });
    CompletionService<VerifiedFile> completion = new ExecutorCompletionService<>(pool);
    List<Future<VerifiedFile>> futures = new ArrayList<>();
    try {
      for (PlannedFile f : todo) {
        futures.add(
            completion.submit(
                () -> {
                  VerifiedFile v =
                      new FileTransfer(client, config, backoff, stop, tracker)
                          .run(f, targets.get(f.name()));
                  state.record(v);
                  tracker.fileVerified(v);
                  return v;
                }));
      }
      DownloadException failure = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          VerifiedFile v = completion.take().get();
          synchronized (done) {
            done.put(v.name(), v);
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof DownloadException && failure == null) {
            failure = (DownloadException) cause;
            // Stop the other files now; their parts stay for a later resume.
            stop.request(StopSignal.Kind.PAUSE);
          } else if (cause instanceof IOException && failure == null) {
            failure =
                new DownloadException(
                    Reason.STORAGE, null, "cannot record progress: " + cause, cause);
            stop.request(StopSignal.Kind.PAUSE);
          } else if (cause instanceof RuntimeException && failure == null) {
            failure = new DownloadException(Reason.STORAGE, null, "unexpected: " + cause, cause);
            stop.request(StopSignal.Kind.PAUSE);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop.request(StopSignal.Kind.PAUSE);
        }
      }
      if (failure != null) {
        throw failure;
      }
      stop.check();
    } finally {
      pool.shutdownNow();
    }
  }
}
