package app.lumen.app

import android.content.Context
import androidx.work.WorkManager
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.AttachmentSweep
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.LumenDatabase
import app.lumen.app.downloads.ActiveDownloads
import app.lumen.app.downloads.DownloadRequests
import app.lumen.app.downloads.DownloadWorkerFactory
import app.lumen.app.downloads.ModelDownloads
import app.lumen.app.downloads.ProcessDownloaders
import app.lumen.app.data.UnsentPictures
import app.lumen.app.engine.InferenceService
import app.lumen.app.engine.ModelLocator
import app.lumen.app.engine.ServiceInferenceConnection
import app.lumen.app.images.PhotoInputs
import app.lumen.app.selftest.SelfTest
import java.io.File
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * The app's long-lived objects, created on first use and kept for the life of the process. Tests
 * build it with their own [scope], [io] and database, so that everything runs on their clock.
 */
class AppContainer(
  context: Context,
  /** Outlives every screen: answers keep streaming and deletions finish after a screen closes. */
  val scope: CoroutineScope = CoroutineScope(SupervisorJob() + Dispatchers.Default),
  /** Blocking work: database transactions, picture files. */
  val io: CoroutineDispatcher = Dispatchers.IO,
  openDatabase: (Context) -> LumenDatabase = LumenDatabase::open,
) {
  private val app = context.applicationContext

  val database: LumenDatabase by lazy { openDatabase(app) }
  private val attachmentsDir by lazy { File(app.filesDir, "attachments") }
  val attachmentFiles by lazy { AttachmentFiles(attachmentsDir) }
  val unsentPictures by lazy { UnsentPictures(attachmentFiles, scope, io) }
  val repository by lazy { ChatRepository(database, attachmentFiles, io) }
  val modelLocator by lazy { ModelLocator.inFolder(InferenceService.modelsDir(app)) }
  val connection by lazy { ServiceInferenceConnection(app, modelLocator, scope) }
  /** Photos become image tokens through the loaded model's own vision graph. */
  val runner by lazy { ChatRunner(repository, connection, scope, PhotoInputs()) }
  val preferences by lazy { AppPreferences(app) }
  /** Builds its tiny test model in the cache: the system may drop it, the next run rewrites it. */
  val selfTest by lazy { SelfTest(File(app.cacheDir, "selftest")) }

  private val activeDownloads = ActiveDownloads()
  /** Background model downloads (WorkManager), for the Models screen. */
  val downloads by lazy {
    ModelDownloads(
      { WorkManager.getInstance(app) },
      InferenceService.modelsDir(app),
      DownloadRequests(app),
      activeDownloads,
      io,
    )
  }
  /** Gives WorkManager's download workers the process's downloaders. */
  val workerFactory by lazy {
    DownloadWorkerFactory(ProcessDownloaders(app), InferenceService.modelsDir(app), activeDownloads)
  }

  /** Deletes picture files no message refers to (see [AttachmentSweep] for which are kept). */
  fun sweepAttachments(): Job =
    scope.launch(io) { AttachmentSweep(attachmentsDir).sweep(repository.attachmentPaths()) }
}
