package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloaderConfig;
import app.lumen.download.FileRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Fetches one file to its target; the target appears only when complete and verified. */
final class SingleFileTask extends AbstractTask {
  private final OkHttpClient client;
  private final Backoff backoff;
  private final FileRequest request;

  SingleFileTask(
      OkHttpClient client,
      DownloaderConfig config,
      Backoff backoff,
      FileRequest request,
      SpaceLedger ledger,
      DownloadListener listener) {
    super(config, ledger, listener);
    this.client = client;
    this.backoff = backoff;
    this.request = request;
  }

  @Override
  void body() throws DownloadException, StoppedException {
    HttpUrl url = HttpUrl.parse(request.url());
    if (url == null) {
      throw new DownloadException(Reason.INVALID_INPUT, request.url(), "not an http(s) URL");
    }
    Path target = request.target().toAbsolutePath();
    String name = target.getFileName().toString();
    PlannedFile file =
        new PlannedFile(name, url, request.size(), request.sha256(), null, false, false);
    tracker.setTotal(request.size());
    if (request.size() >= 0) {
      long part = 0;
      try {
        Path p = FileTransfer.partFile(target);
        part = Files.exists(p) ? Files.size(p) : 0;
      } catch (IOException e) {
        // free-space estimate only
      }
      reserveSpace(
          target.getParent(), request.size() - part, () -> request.size() - tracker.bytes());
    }
    try (TaskLock lock = TaskLock.acquire(target.normalize().toString(), null, name)) {
      try {
        VerifiedFile v = new FileTransfer(client, config, backoff, stop, tracker).run(file, target);
        tracker.fileVerified(v);
      } catch (DownloadException e) {
        if (e.reason() == Reason.DISK_FULL) {
          // While still holding the lock: a full disk must not stay full for a part nobody may
          // ever resume.
          cleanUpAfterCancel();
        }
        throw e;
      }
    }
  }

  @Override
  void cleanUpAfterCancel() {
    try {
      Files.deleteIfExists(FileTransfer.partFile(request.target().toAbsolutePath()));
    } catch (IOException ignored) {
      // nothing else to do: a stray part is resumed or replaced by the next download
    }
  }
}
