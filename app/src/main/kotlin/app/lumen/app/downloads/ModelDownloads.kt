package app.lumen.app.downloads

import android.content.Context
import android.text.format.Formatter
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkInfo
import androidx.work.WorkManager
import androidx.work.await
import app.lumen.R
import app.lumen.app.models.DownloadControls
import app.lumen.download.CatalogEntry
import java.io.File
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.withContext

/**
 * Model downloads in the background, for the Models screen: one WorkManager unique work per package
 * ([DownloadWorker]), persisted by WorkManager so a download goes on after the app is closed,
 * killed or the phone restarts, resuming from its `.part` files.
 * - [enqueue] checks the free space and schedules the download ([EnqueueResult]);
 * - [pause] stops it and keeps its parts, [resume] schedules it again;
 * - [cancel] stops it and deletes what it wrote;
 * - [states] and [state] follow every download ([PackageDownloadState]) as WorkManager and the
 *   worker's progress report it.
 *
 * Every method may be called from the main thread; disk work runs on [io].
 */
class ModelDownloads(
  private val workManager: () -> WorkManager,
  /** The folder the app's model locator reads: `InferenceService.modelsDir(context)`. */
  private val modelsRoot: File,
  private val requests: DownloadRequests,
  private val active: ActiveDownloads,
  private val io: CoroutineDispatcher,
  /** Bytes the app may still write in a folder; the file system's answer, or a test's. */
  private val freeBytes: (File) -> Long = { it.usableSpace },
  /**
   * Whether the phone's network now allows a download (Wi-Fi only, or any): a queued download that
   * it does not allow is shown as waiting for one. WorkManager only says so after a first run.
   */
  private val networkAllows: (wifiOnly: Boolean) -> Boolean = { true },
  /**
   * The size of a package whose files the catalog does not list, as the Hub answered it earlier
   * (`PackageSizes.cached`); null when never asked. Blocking, called on [io].
   */
  private val learntSize: (CatalogEntry) -> Long? = { null },
) : DownloadControls {
  /**
   * Starts downloading [entry] into the models folder, or resumes it from its parts, unless it is
   * already queued or running. Refused, before anything is enqueued, when the free space does not
   * cover the bytes still to fetch plus [FREE_SPACE_MARGIN_BYTES]. An entry whose sizes the catalog
   * does not list (Hub packages learn them at download time) is checked with the size the Hub gave
   * earlier, or against the margin only when it was never asked; the downloader checks the full
   * size before it writes and fails the download as `INSUFFICIENT_SPACE` otherwise.
   *
   * @param wifiOnly run on unmetered networks only (`NetworkType.UNMETERED`); otherwise on any
   *   connected network (`NetworkType.CONNECTED`)
   */
  override suspend fun enqueue(entry: CatalogEntry, wifiOnly: Boolean): EnqueueResult {
    val request = DownloadRequest(entry, wifiOnly)
    val data =
      try {
        request.toData()
      } catch (e: IllegalStateException) {
        return EnqueueResult.Refused("the catalog entry is too large to schedule: ${e.message}")
      }
    val needed = withContext(io) { remainingBytes(entry) } + FREE_SPACE_MARGIN_BYTES
    val free = withContext(io) { freeBytes(existingFolder(modelsRoot)) }
    if (free < needed) return EnqueueResult.NotEnoughSpace(needed, free)
    withContext(io) { requests.put(request) }
    val work =
      OneTimeWorkRequestBuilder<DownloadWorker>()
        .setInputData(data)
        .setConstraints(
          Constraints.Builder()
            .setRequiredNetworkType(if (wifiOnly) NetworkType.UNMETERED else NetworkType.CONNECTED)
            .build()
        )
        .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, BACKOFF_SECONDS, TimeUnit.SECONDS)
        .addTag(DownloadWorkData.TAG)
        .addTag(DownloadWorkData.packageTag(entry.id()))
        .apply { if (wifiOnly) addTag(DownloadWorkData.WIFI_ONLY_TAG) }
        .build()
    // KEEP: tapping Download again while it runs changes nothing; finished work is replaced.
    workManager()
      .enqueueUniqueWork(DownloadWorkData.uniqueName(entry.id()), ExistingWorkPolicy.KEEP, work)
    return EnqueueResult.Enqueued
  }

  /**
   * Stops the download of [id] and keeps its parts; [resume] goes on from them, in this process or
   * a later one.
   *
   * @return false if [id] has no download this process or WorkManager knows of
   */
  override suspend fun pause(id: String): Boolean {
    val info = currentWork(id) ?: return false
    if (info.state.isFinished) return false
    if (!withContext(io) { requests.pause(id) }) return false
    workManager().cancelUniqueWork(DownloadWorkData.uniqueName(id)).await()
    return true
  }

  /** Enqueues a paused download again; [EnqueueResult.Refused] if [id] is not paused. */
  override suspend fun resume(id: String): EnqueueResult {
    val request =
      withContext(io) { if (requests.isPaused(id)) requests.get(id) else null }
        ?: return EnqueueResult.Refused("$id is not paused")
    return enqueue(request.entry, request.wifiOnly)
  }

  /**
   * Stops the download of [id] and deletes what it wrote: parts, verified files of an unfinished
   * install, a staged update. An installed package stays installed (deleting it is not a download's
   * business).
   */
  override suspend fun cancel(id: String) {
    withContext(io) { requests.remove(id) }
    val running = active.markCancelled(id)
    // A running worker, stopped, cancels its task: the downloader deletes its files while it still
    // holds the package. Nothing runs otherwise, and the files left are deleted here.
    workManager().cancelUniqueWork(DownloadWorkData.uniqueName(id)).await()
    if (!running) withContext(io) { UnfinishedInstall(modelsRoot, id).delete() }
  }

  /**
   * Every package with a download, by id: queued, running, paused, installed or failed (until
   * WorkManager prunes finished work). A cancelled download has no entry.
   */
  override fun states(): Flow<Map<String, PackageDownloadState>> =
    combine(workManager().getWorkInfosByTagFlow(DownloadWorkData.TAG), requests.paused) {
      infos,
      pausedIds ->
      val states = LinkedHashMap<String, PackageDownloadState>()
      for (info in infos) {
        val id = DownloadWorkData.packageId(info) ?: continue
        DownloadWorkData.state(info)?.let { states[id] = waitingWithoutNetwork(it, info) }
      }
      for (id in pausedIds) states[id] = PackageDownloadState.Paused
      states
    }

  /** The download state of [id]; null while it has none. */
  fun state(id: String): Flow<PackageDownloadState?> =
    states().map { it[id] }.distinctUntilChanged()

  /** [state], or waiting for a network when a queued download cannot start on the current one. */
  private fun waitingWithoutNetwork(state: PackageDownloadState, info: WorkInfo) =
    if (state == PackageDownloadState.Queued && info.state == WorkInfo.State.ENQUEUED) {
      val wifiOnly = DownloadWorkData.WIFI_ONLY_TAG in info.tags
      if (networkAllows(wifiOnly)) state else PackageDownloadState.WaitingForNetwork(wifiOnly)
    } else {
      state
    }

  private suspend fun currentWork(id: String) =
    withContext(io) {
      workManager().getWorkInfosForUniqueWork(DownloadWorkData.uniqueName(id)).get().lastOrNull()
    }

  /** Bytes [entry] still needs beyond what is already on disk; 0 if its size is not known. */
  private fun remainingBytes(entry: CatalogEntry): Long {
    val unfinished = UnfinishedInstall(modelsRoot, entry.id())
    val known = entry.knownSize()
    if (known >= 0) return (known - unfinished.bytesOnDisk(entry)).coerceAtLeast(0)
    val learnt = learntSize(entry) ?: return 0
    return (learnt - unfinished.bytesInFolder()).coerceAtLeast(0)
  }

  private fun existingFolder(dir: File): File {
    var f: File? = dir
    while (f != null && !f.exists()) f = f.parentFile
    return f ?: dir
  }

  companion object {
    /** Free space kept beyond a download's size, so a phone is not left with a full disk. */
    const val FREE_SPACE_MARGIN_BYTES = 64L shl 20
    private const val BACKOFF_SECONDS = 30L
  }
}

/** Whether [ModelDownloads.enqueue] scheduled the download, and why not. */
sealed interface EnqueueResult {
  /** Scheduled (or already queued or running). */
  data object Enqueued : EnqueueResult

  /**
   * The free space does not cover the download: [neededBytes] (what is still to fetch plus the
   * margin) against [freeBytes]. Nothing was enqueued.
   */
  data class NotEnoughSpace(val neededBytes: Long, val freeBytes: Long) : EnqueueResult {
    /** The sentence to show the user. */
    fun message(context: Context): String =
      context.getString(
        R.string.download_not_enough_space,
        Formatter.formatShortFileSize(context, neededBytes),
        Formatter.formatShortFileSize(context, freeBytes),
      )
  }

  /** Not scheduled for another reason, said in [message]. */
  data class Refused(val message: String) : EnqueueResult
}
