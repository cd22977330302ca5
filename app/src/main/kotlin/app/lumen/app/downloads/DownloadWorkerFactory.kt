package app.lumen.app.downloads

import android.content.Context
import androidx.work.ListenableWorker
import androidx.work.WorkerFactory
import androidx.work.WorkerParameters
import java.io.File

/**
 * Builds [DownloadWorker]s with the process's downloaders (tests pass fakes); other workers get
 * WorkManager's default construction (null).
 */
class DownloadWorkerFactory(
  private val downloaders: DownloaderSource,
  private val modelsRoot: File,
  private val active: ActiveDownloads,
) : WorkerFactory() {
  override fun createWorker(
    appContext: Context,
    workerClassName: String,
    workerParameters: WorkerParameters,
  ): ListenableWorker? =
    if (workerClassName == DownloadWorker::class.java.name) {
      DownloadWorker(appContext, workerParameters, downloaders, modelsRoot, active)
    } else {
      null
    }
}
