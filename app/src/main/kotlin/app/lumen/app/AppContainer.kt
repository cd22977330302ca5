package app.lumen.app

import android.content.Context
import androidx.work.WorkManager
import app.lumen.app.camera.Camera2Source
import app.lumen.app.camera.CameraSource
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.AttachmentSweep
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.LumenDatabase
import app.lumen.app.data.UnsentPictures
import app.lumen.app.downloads.ActiveDownloads
import app.lumen.app.downloads.ConnectivityNetworkPolicy
import app.lumen.app.downloads.DownloadRequests
import app.lumen.app.downloads.DownloadWorkerFactory
import app.lumen.app.downloads.DownloaderSource
import app.lumen.app.downloads.ModelDownloads
import app.lumen.app.downloads.ProcessDownloaders
import app.lumen.app.engine.InferenceService
import app.lumen.app.engine.ServiceInferenceConnection
import app.lumen.app.images.PhotoInputs
import app.lumen.app.models.HubLookup
import app.lumen.app.models.InstalledModels
import app.lumen.app.models.PackageImport
import app.lumen.app.models.PackageSizes
import app.lumen.app.models.SavedHubPackages
import app.lumen.app.models.StorageReport
import app.lumen.app.onboarding.AppFirstRun
import app.lumen.app.photos.DeviceFreeMemory
import app.lumen.app.photos.PhotoCostPreview
import app.lumen.app.selftest.SelfTest
import app.lumen.app.share.ShareInbox
import app.lumen.app.ui.chat.thumbnailLoader
import app.lumen.app.voice.PlatformVoice
import app.lumen.app.voice.ReadAloud
import app.lumen.app.voice.SpeechInput
import app.lumen.app.voice.VoiceDevices
import app.lumen.app.voice.appLocale
import app.lumen.app.voice.autoReadSetting
import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
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
  /** The download size of a catalog entry; by default asked of the Hub (tests answer offline). */
  askPackageSize: ((CatalogEntry) -> Long)? = null,
  /** The downloaders of model packages; by default the process's own, on the network. */
  downloaderSource: DownloaderSource? = null,
  /** Looks a Hugging Face repository up as a package; by default asks the Hub. */
  describeHubPackage: HubLookup? = null,
  /** Voice: the speech recognizer and the text-to-speech engine; by default the phone's own. */
  voiceDevices: VoiceDevices? = null,
  /** Makes the camera seam for a screen; by default camera2 (tests hand out a fake). */
  cameraSources: (() -> CameraSource)? = null,
) {
  private val app = context.applicationContext

  val database: LumenDatabase by lazy { openDatabase(app) }
  private val attachmentsDir by lazy { File(app.filesDir, "attachments") }
  val attachmentFiles by lazy { AttachmentFiles(attachmentsDir) }
  val unsentPictures by lazy { UnsentPictures(attachmentFiles, scope, io) }
  /** Shares from other apps, copied in and waiting for a new chat. */
  val shareInbox by lazy { ShareInbox(app.contentResolver, attachmentFiles, scope, io) }
  val repository by lazy { ChatRepository(database, attachmentFiles, io) }
  val modelsDir: File by lazy { InferenceService.modelsDir(app) }
  /** The model the user chose in Models, else the most recently installed. */
  val modelLocator by lazy { installedModels.locator }
  val installedModels by lazy {
    InstalledModels(modelsDir, preferences) { id -> anyNetwork.uninstall(id, modelsDir.toPath()) }
  }
  /** The bundled catalog: what the Models screen offers. */
  val catalog: List<CatalogEntry> by lazy { Catalog.loadDefault().entries() }
  /** Sizes of catalog entries asked of the Hub once; a cache, rebuilt after "Clear". */
  val packageSizes by lazy {
    PackageSizes(
      File(app.cacheDir, "package-sizes.json"),
      askPackageSize ?: anyNetwork::packageSize,
    )
  }
  val storage by lazy { StorageReport(modelsDir, attachmentsDir, app.cacheDir) }
  /** Copies folders the user picks into [modelsDir], checked as `lumen validate` checks them. */
  val packageImport by lazy { PackageImport(modelsDir) }
  /** For "From Hugging Face" on the Models screen. */
  val hubLookup: HubLookup by lazy {
    describeHubPackage ?: HubLookup(anyNetwork::describeHubPackage)
  }
  /** The packages the user added from Hugging Face, listed beside the catalog's. */
  val addedPackages by lazy { SavedHubPackages(app) }
  val connection by lazy { ServiceInferenceConnection(app, modelLocator, scope) }
  /** Photos become image tokens through the loaded model's own vision graph. */
  val runner by lazy { ChatRunner(repository, connection, scope, PhotoInputs(freeMemory)) }
  /** Memory free now for encoding a photo; photo budgets that would not fit are lowered. */
  val freeMemory by lazy { DeviceFreeMemory(app) }
  /** What each photo budget costs with the model chats use, before a pixel is decoded. */
  val photoCosts by lazy { PhotoCostPreview(modelLocator::installedModel, freeMemory, io) }
  val preferences by lazy { AppPreferences(app) }
  /** Whether the app opens on the model recommendation. */
  val firstRun by lazy { AppFirstRun(preferences, installedModels) }
  /** Decodes the chat's thumbnails on [io]. */
  val imageLoader by lazy { thumbnailLoader(app, io).build() }
  /** Dictation in the chat's composer. */
  val speechInput: SpeechInput by lazy { (voiceDevices ?: PlatformVoice(app)).speechInput() }
  /** Answers read aloud; the speech engine starts on the first reading. */
  val readAloud by lazy {
    ReadAloud(
      { (voiceDevices ?: PlatformVoice(app)).answerSpeaker() },
      scope,
      { appLocale(app) },
      preferences.autoReadSetting(),
    )
  }
  /** Builds its tiny test model in the cache: the system may drop it, the next run rewrites it. */
  val selfTest by lazy { SelfTest(File(app.cacheDir, "selftest")) }

  private val activeDownloads = ActiveDownloads()
  private val downloaders: DownloaderSource by lazy { downloaderSource ?: ProcessDownloaders(app) }
  /** Deleting a package and asking a size follow no network rule; this downloader does them. */
  private val anyNetwork
    get() = downloaders.forNetwork(wifiOnly = false)

  /** Background model downloads (WorkManager), for the Models screen. */
  val downloads by lazy {
    ModelDownloads(
      { WorkManager.getInstance(app) },
      modelsDir,
      DownloadRequests(app),
      activeDownloads,
      io,
      networkAllows = { wifiOnly -> ConnectivityNetworkPolicy(app, wifiOnly).isSatisfied() },
      learntSize = packageSizes::cached,
    )
  }
  /** Gives WorkManager's download workers the process's downloaders. */
  val workerFactory by lazy { DownloadWorkerFactory(downloaders, modelsDir, activeDownloads) }

  private val cameraSourceFactory = cameraSources

  /** A camera for one screen, closed by that screen. */
  fun newCameraSource(): CameraSource = cameraSourceFactory?.invoke() ?: Camera2Source(app)

  /** Deletes picture files no message refers to (see [AttachmentSweep] for which are kept). */
  fun sweepAttachments(): Job =
    scope.launch(io) { AttachmentSweep(attachmentsDir).sweep(repository.attachmentPaths()) }
}
