package app.lumen.app.downloads

import android.app.Notification
import android.content.Context
import androidx.concurrent.futures.CallbackToFutureAdapter
import androidx.work.Data
import androidx.work.ForegroundInfo
import androidx.work.ForegroundUpdater
import androidx.work.ProgressUpdater
import androidx.work.testing.TestListenableWorkerBuilder
import app.lumen.download.CatalogEntry
import com.google.common.util.concurrent.ListenableFuture
import java.io.File
import java.util.UUID

/**
 * Builds [DownloadWorker]s as WorkManager would, from a request's input data, and records what they
 * report: each notification they put in the foreground and each progress update.
 */
class WorkerHarness(
  private val context: Context,
  private val downloaders: DownloaderSource,
  val modelsRoot: File,
  val active: ActiveDownloads = ActiveDownloads(),
) {
  val notifications = mutableListOf<ForegroundInfo>()
  val progress = mutableListOf<Data>()

  /** Called on the worker's thread after each progress update is recorded. */
  var onProgress: (Data) -> Unit = {}

  fun worker(entry: CatalogEntry, wifiOnly: Boolean = true, runAttempt: Int = 0): DownloadWorker =
    worker(DownloadRequest(entry, wifiOnly).toData(), runAttempt)

  fun worker(input: Data, runAttempt: Int = 0): DownloadWorker =
    TestListenableWorkerBuilder<DownloadWorker>(context)
      .setInputData(input)
      .setRunAttemptCount(runAttempt)
      .setWorkerFactory(DownloadWorkerFactory(downloaders, modelsRoot, active))
      .setForegroundUpdater(
        object : ForegroundUpdater {
          override fun setForegroundAsync(
            context: Context,
            id: UUID,
            foregroundInfo: ForegroundInfo,
          ): ListenableFuture<Void> {
            synchronized(notifications) { notifications += foregroundInfo }
            return done()
          }
        }
      )
      .setProgressUpdater(
        object : ProgressUpdater {
          override fun updateProgress(
            context: Context,
            id: UUID,
            data: Data,
          ): ListenableFuture<Void> {
            synchronized(progress) { progress += data }
            onProgress(data)
            return done()
          }
        }
      )
      .build()

  fun lastNotification(): Notification =
    synchronized(notifications) { notifications.last() }.notification

  private fun done(): ListenableFuture<Void> = CallbackToFutureAdapter.getFuture { it.set(null) }
}
