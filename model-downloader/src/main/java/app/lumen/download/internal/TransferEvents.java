package app.lumen.download.internal;

import app.lumen.download.DownloadState;

/** What a {@link FileTransfer} reports to its task. Implementations are thread-safe. */
public interface TransferEvents {
  void state(DownloadState state);

  /** The file now has {@code bytes} on disk (may go down when a server forces a restart). */
  void fileBytes(String file, long bytes, long total);

  void retry(String file, int attempt, long delayMillis, String cause);
}
