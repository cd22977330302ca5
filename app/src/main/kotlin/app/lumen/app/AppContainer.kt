package app.lumen.app

import android.content.Context
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.LumenDatabase
import app.lumen.app.engine.InferenceService
import app.lumen.app.engine.ModelLocator
import app.lumen.app.engine.ServiceInferenceConnection
import app.lumen.app.images.PhotoInputs
import app.lumen.app.selftest.SelfTest
import app.lumen.app.ui.chat.thumbnailLoader
import java.io.File
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob

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
  val attachmentFiles by lazy { AttachmentFiles(File(app.filesDir, "attachments")) }
  val repository by lazy { ChatRepository(database, attachmentFiles, io) }
  val modelLocator by lazy { ModelLocator.inFolder(InferenceService.modelsDir(app)) }
  val connection by lazy { ServiceInferenceConnection(app, modelLocator, scope) }
  /** Photos become image tokens through the loaded model's own vision graph. */
  val runner by lazy { ChatRunner(repository, connection, scope, PhotoInputs()) }
  val preferences by lazy { AppPreferences(app) }
  /** Decodes the chat's thumbnails on [io]. */
  val imageLoader by lazy { thumbnailLoader(app, io).build() }
  /** Builds its tiny test model in the cache: the system may drop it, the next run rewrites it. */
  val selfTest by lazy { SelfTest(File(app.cacheDir, "selftest")) }
}
