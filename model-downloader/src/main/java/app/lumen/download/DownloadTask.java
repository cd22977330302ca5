package app.lumen.download;

/**
 * A running download. Thread-safe: {@link #pause()} and {@link #cancel()} may be called from any
 * thread at any moment; they return at once and the task stops at the next chunk (an in-flight
 * request is aborted).
 */
public interface DownloadTask {
  /** Stops and keeps every partial and verified file, so a new task resumes where this one was. */
  void pause();

  /** Stops and deletes what this task wrote for a package that is not installed. */
  void cancel();

  /** The latest state. */
  DownloadState state();

  /**
   * Waits for the end of the task.
   *
   * @return {@link DownloadState#INSTALLED}, {@link DownloadState#PAUSED} or {@link
   *     DownloadState#CANCELLED}
   * @throws DownloadException if the task failed
   * @throws InterruptedException if the waiting thread is interrupted (the task goes on)
   */
  DownloadState await() throws DownloadException, InterruptedException;
}
