package app.lumen.download;

/**
 * Observes a download task. Every method has a no-op default. Calls for one task come from the
 * downloader's worker threads, one at a time (never concurrently), and must return quickly;
 * progress is throttled to a few events per second, state changes are always delivered.
 */
public interface DownloadListener {
  DownloadListener NONE = new DownloadListener() {};

  default void onStateChanged(DownloadState state) {}

  default void onProgress(DownloadProgress progress) {}

  /** A file was verified (size and hash) and moved into place. */
  default void onFileVerified(String file, long size, String sha256) {}

  /**
   * An attempt failed and another follows after {@code delayMillis}.
   *
   * @param attempt the number of the attempt that failed, from 1
   */
  default void onRetry(String file, int attempt, long delayMillis, String cause) {}
}
