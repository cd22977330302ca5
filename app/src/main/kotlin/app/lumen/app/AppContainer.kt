package app.lumen.app

import android.content.Context
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.LumenDatabase
import app.lumen.app.engine.InferenceService
import app.lumen.app.engine.ModelLocator
import app.lumen.app.engine.ServiceInferenceConnection
import app.lumen.app.selftest.SelfTest
import app.lumen.inference.EngineOptions
import app.lumen.vision.android.VisionImageInputs
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob

/** The app's long-lived objects, created on first use and kept for the life of the process. */
class AppContainer(context: Context) {
  private val app = context.applicationContext

  /** Outlives every screen: answers keep streaming and deletions finish after a screen closes. */
  val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

  val database: LumenDatabase by lazy { LumenDatabase.open(app) }
  val attachmentFiles by lazy { AttachmentFiles(File(app.filesDir, "attachments")) }
  val repository by lazy { ChatRepository(database, attachmentFiles) }
  val modelLocator by lazy { ModelLocator.inFolder(InferenceService.modelsDir(app)) }
  val connection by lazy { ServiceInferenceConnection(app, modelLocator, scope) }
  /** Photos become image tokens through the installed model's own vision graph. */
  val images by lazy {
    VisionImageInputs({ modelLocator.installedModel()?.toPath() }, EngineOptions.defaults())
  }
  val runner by lazy { ChatRunner(repository, connection, scope, images) }
  /** Builds its tiny test model in the cache: the system may drop it, the next run rewrites it. */
  val selfTest by lazy { SelfTest(File(app.cacheDir, "selftest")) }
}
