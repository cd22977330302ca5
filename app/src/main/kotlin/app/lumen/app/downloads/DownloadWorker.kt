package app.lumen.app.downloads

import android.content.Context
import androidx.work.CoroutineWorker
import androidx.work.ForegroundInfo
import androidx.work.WorkerParameters
import app.lumen.download.DownloadException
import app.lumen.download.DownloadListener
import app.lumen.download.DownloadProgress
import app.lumen.download.DownloadState
import app.lumen.download.ModelDownloader
import java.io.File
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Installs one package in the foreground. It only delegates: [ModelDownloader.install] does the
 * resuming, retrying and verifying; this forwards its events to the notification and to
 * WorkManager's progress, and maps how the task ended to a WorkManager result.
 *
 * Stopped by WorkManager (the user paused or cancelled, the network constraint is no longer met, or
 * the system needs the resources), it pauses the task, which keeps the `.part` files: the next run,
 * in this process or after process death or a reboot, resumes from them.
 */
class DownloadWorker(
  context: Context,
  params: WorkerParameters,
  private val downloaders: DownloaderSource,
  private val modelsRoot: File,
  private val active: ActiveDownloads,
) : CoroutineWorker(context, params) {

  override suspend fun doWork(): Result {
    val request =
      try {
        DownloadRequest.from(inputData)
      } catch (e: DownloadException) {
        return Result.failure(DownloadWorkData.failure(e))
      }
    val id = request.entry.id()
    val notification = DownloadNotification(applicationContext, request.entry, request.wifiOnly)
    val events = MutableStateFlow(Event(DownloadState.Kind.QUEUED, null))
    val end = CompletableDeferred<DownloadState>()
    val listener =
      object : DownloadListener {
        override fun onStateChanged(state: DownloadState) {
          events.value = events.value.copy(kind = state.kind())
          if (state.isFinal) end.complete(state)
        }

        override fun onProgress(progress: DownloadProgress) {
          events.value = events.value.copy(progress = progress)
        }
      }
    notification.ensureChannel()
    showInForeground(notification.build(events.value.kind, null))
    val task =
      downloaders.forNetwork(request.wifiOnly).install(request.entry, modelsRoot.toPath(), listener)
    active.register(id, task)
    val state =
      try {
        coroutineScope {
          val reporter = launch {
            events.collect { e ->
              setProgress(DownloadWorkData.progress(e.kind, e.progress, request.wifiOnly))
              showInForeground(notification.build(e.kind, e.progress))
            }
          }
          end.await().also { reporter.cancel() }
        }
      } catch (e: CancellationException) {
        // Stopped by WorkManager: keep the parts (unless the user cancelled), and let the task
        // release the package before this run ends, so that a run started right after does not
        // find it busy.
        if (active.isCancelled(id)) task.cancel() else task.pause()
        withContext(NonCancellable) { end.await() }
        throw e
      } finally {
        active.unregister(id, task)
      }
    val result = result(state)
    if (result !is Result.Retry) notification.showEnd(state)
    return result
  }

  private fun result(state: DownloadState): Result =
    when (state.kind()) {
      DownloadState.Kind.INSTALLED -> Result.success()
      // Paused from outside WorkManager (the downloader was closed): run again later.
      DownloadState.Kind.PAUSED -> Result.retry()
      DownloadState.Kind.FAILED -> failed(state.failure()!!)
      else -> Result.failure()
    }

  /**
   * Network failures that outlasted the downloader's own retries, and a package still held by a
   * stopping task, are retried with WorkManager's backoff, a bounded number of times; everything
   * else (integrity, space, a bad entry, a final HTTP error) fails for good.
   */
  private fun failed(e: DownloadException): Result {
    val transient =
      e.reason() == DownloadException.Reason.NETWORK || e.reason() == DownloadException.Reason.BUSY
    return if (transient && runAttemptCount < MAX_RETRIES) {
      Result.retry()
    } else {
      Result.failure(DownloadWorkData.failure(e))
    }
  }

  /**
   * Android 12+ refuses to start a foreground service from the background in some cases (a run
   * started after a reboot); the download then goes on as ordinary work and resumes from its parts
   * if the system stops it.
   */
  private suspend fun showInForeground(info: ForegroundInfo) {
    try {
      setForeground(info)
    } catch (e: IllegalStateException) {
      // not allowed now: the next event tries again
    }
  }

  private data class Event(val kind: DownloadState.Kind, val progress: DownloadProgress?)

  companion object {
    /** Runs of one download that may end in a transient failure before it fails for good. */
    const val MAX_RETRIES = 5
  }
}

/** The downloader for a network requirement; one per requirement and process. */
fun interface DownloaderSource {
  fun forNetwork(wifiOnly: Boolean): ModelDownloader
}
