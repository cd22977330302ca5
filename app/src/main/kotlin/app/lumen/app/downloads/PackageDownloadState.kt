package app.lumen.app.downloads

import app.lumen.download.DownloadException

/**
 * Where the download of one model package stands, as the Models screen shows it. Built by
 * [ModelDownloads] from WorkManager's record of the work and the progress its worker reports, so it
 * survives the process: a download that was running when the app was killed reads as [Queued] until
 * WorkManager starts it again.
 */
sealed interface PackageDownloadState {
  /** Enqueued; starts as soon as WorkManager runs it. */
  data object Queued : PackageDownloadState

  /** Waits for a network the user allows (Wi-Fi only, or any). */
  data class WaitingForNetwork(val wifiOnly: Boolean) : PackageDownloadState

  /**
   * Fetching files.
   *
   * @param bytesTotal size of the whole package, -1 until the downloader knows it
   * @param bytesPerSecond smoothed speed, 0 before the first measurement
   * @param etaSeconds estimated time left, -1 if unknown
   */
  data class Downloading(
    val bytesDone: Long,
    val bytesTotal: Long,
    val bytesPerSecond: Long,
    val etaSeconds: Long,
  ) : PackageDownloadState

  /** Checking sizes and hashes before the package is written. */
  data object Verifying : PackageDownloadState

  /** Stopped by the user; its partial files are kept and [ModelDownloads.resume] goes on. */
  data object Paused : PackageDownloadState

  /** Installed and verified in the models folder. */
  data object Installed : PackageDownloadState

  /**
   * Ended without the package; never retried by itself.
   *
   * @param reason the downloader's kind of failure
   * @param retryable whether trying again may succeed (after freeing space, on another network, or
   *   later); false when the source itself is wrong (bad bytes, a missing file, a bad entry)
   */
  data class Failed(
    val reason: DownloadException.Reason,
    val message: String,
    val retryable: Boolean,
  ) : PackageDownloadState

  companion object {
    /** Whether the user may reasonably try [reason] again; see [Failed.retryable]. */
    fun isRetryable(reason: DownloadException.Reason): Boolean =
      when (reason) {
        DownloadException.Reason.INTEGRITY,
        DownloadException.Reason.INVALID_INPUT,
        DownloadException.Reason.HTTP -> false
        else -> true
      }
  }
}
