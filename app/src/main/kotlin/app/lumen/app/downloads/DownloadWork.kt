package app.lumen.app.downloads

import androidx.work.Data
import androidx.work.WorkInfo
import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import app.lumen.download.DownloadProgress
import app.lumen.download.DownloadState

/**
 * What a download worker is asked to do, as WorkManager stores it.
 *
 * The entry travels in the work's input data as the JSON of a one-entry catalog ([Catalog.toJson],
 * read back by [Catalog.parse]): WorkManager persists input data with the work, so after process
 * death or a reboot the worker finds everything it needs there, with no second store to keep in
 * step or clean up. An entry lists a handful of small files (the graphs' external data files are
 * found on the Hub at download time), far below WorkManager's 10 KB limit; an entry that does not
 * fit is refused at enqueue time ([EnqueueResult.Refused]).
 */
data class DownloadRequest(val entry: CatalogEntry, val wifiOnly: Boolean) {
  fun toData(): Data =
    Data.Builder()
      .putString(KEY_ID, entry.id())
      .putString(KEY_CATALOG, Catalog(listOf(entry)).toJson())
      .putBoolean(KEY_WIFI_ONLY, wifiOnly)
      .build()

  companion object {
    private const val KEY_ID = "package_id"
    private const val KEY_CATALOG = "catalog_json"
    private const val KEY_WIFI_ONLY = "wifi_only"

    /** The request in [data], or a typed failure if it is missing or no longer parses. */
    @Throws(DownloadException::class)
    fun from(data: Data): DownloadRequest {
      val id = data.getString(KEY_ID)
      val json =
        data.getString(KEY_CATALOG)
          ?: throw DownloadException(
            DownloadException.Reason.INVALID_INPUT,
            id,
            "the work has no catalog entry",
          )
      val entry =
        Catalog.parse(json, "work input").find(id.orEmpty()).orElseThrow {
          DownloadException(
            DownloadException.Reason.INVALID_INPUT,
            id,
            "the work's catalog lacks the package",
          )
        }
      return DownloadRequest(entry, data.getBoolean(KEY_WIFI_ONLY, true))
    }
  }
}

/** The worker's progress and result data, and how [ModelDownloads] reads them back. */
internal object DownloadWorkData {
  private const val KEY_STATE = "state"
  private const val KEY_BYTES = "bytes"
  private const val KEY_TOTAL = "total"
  private const val KEY_SPEED = "speed"
  private const val KEY_ETA = "eta"
  private const val KEY_WIFI_ONLY = "wifi_only"
  private const val KEY_REASON = "reason"
  private const val KEY_MESSAGE = "message"

  /** Every download's work carries this tag, so [ModelDownloads.states] finds them all. */
  const val TAG = "model-download"
  private const val PACKAGE_TAG_PREFIX = "model-download:"
  const val WIFI_ONLY_TAG = "model-download-wifi-only"

  fun packageTag(id: String) = PACKAGE_TAG_PREFIX + id

  fun uniqueName(id: String) = packageTag(id)

  fun packageId(info: WorkInfo): String? =
    info.tags.firstOrNull { it.startsWith(PACKAGE_TAG_PREFIX) }?.removePrefix(PACKAGE_TAG_PREFIX)

  fun progress(kind: DownloadState.Kind, p: DownloadProgress?, wifiOnly: Boolean): Data =
    Data.Builder()
      .putString(KEY_STATE, kind.name)
      .putLong(KEY_BYTES, p?.bytes() ?: 0)
      .putLong(KEY_TOTAL, p?.total() ?: -1)
      .putLong(KEY_SPEED, p?.speedBytesPerSecond()?.toLong() ?: 0)
      .putLong(KEY_ETA, p?.etaSeconds() ?: -1)
      .putBoolean(KEY_WIFI_ONLY, wifiOnly)
      .build()

  fun failure(e: DownloadException): Data =
    Data.Builder()
      .putString(KEY_REASON, e.reason().name)
      .putString(KEY_MESSAGE, e.message.orEmpty())
      .build()

  /** What [info] means for the Models screen; null for work that no longer downloads anything. */
  fun state(info: WorkInfo): PackageDownloadState? =
    when (info.state) {
      WorkInfo.State.ENQUEUED ->
        if (info.stopReason == WorkInfo.STOP_REASON_CONSTRAINT_CONNECTIVITY) {
          PackageDownloadState.WaitingForNetwork(WIFI_ONLY_TAG in info.tags)
        } else {
          PackageDownloadState.Queued
        }
      WorkInfo.State.BLOCKED -> PackageDownloadState.Queued
      WorkInfo.State.RUNNING -> running(info.progress)
      WorkInfo.State.SUCCEEDED -> PackageDownloadState.Installed
      WorkInfo.State.FAILED -> failed(info.outputData)
      WorkInfo.State.CANCELLED -> null
    }

  private fun running(data: Data): PackageDownloadState =
    when (data.getString(KEY_STATE)?.let(DownloadState.Kind::valueOf)) {
      DownloadState.Kind.DOWNLOADING ->
        PackageDownloadState.Downloading(
          bytesDone = data.getLong(KEY_BYTES, 0),
          bytesTotal = data.getLong(KEY_TOTAL, -1),
          bytesPerSecond = data.getLong(KEY_SPEED, 0),
          etaSeconds = data.getLong(KEY_ETA, -1),
        )
      DownloadState.Kind.WAITING_FOR_NETWORK ->
        PackageDownloadState.WaitingForNetwork(data.getBoolean(KEY_WIFI_ONLY, true))
      DownloadState.Kind.VERIFYING -> PackageDownloadState.Verifying
      else -> PackageDownloadState.Queued
    }

  private fun failed(data: Data): PackageDownloadState.Failed {
    val reason =
      data.getString(KEY_REASON)?.let(DownloadException.Reason::valueOf)
        ?: DownloadException.Reason.STORAGE
    return PackageDownloadState.Failed(
      reason,
      data.getString(KEY_MESSAGE).orEmpty(),
      PackageDownloadState.isRetryable(reason),
    )
  }
}
