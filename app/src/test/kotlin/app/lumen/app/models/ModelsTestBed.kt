package app.lumen.app.models

import app.lumen.app.downloads.FakeModelDownloader
import app.lumen.app.engine.ModelLocator
import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import java.io.File
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import org.junit.rules.TemporaryFolder

/**
 * Models view models on fakes of the downloads, the Hub and a real models folder in [tmp]. Every
 * view model it builds shares the folder, the size cache and the downloads, as the processes of one
 * phone would.
 */
class ModelsTestBed(private val tmp: TemporaryFolder) {
  val catalog: List<CatalogEntry> = Catalog.loadDefault().entries()
  /** The families "this version" runs. */
  val runs: (String) -> Boolean = { it == "qwen3_vl" || it == "qwen2_vl" }

  val downloads = FakeDownloadControls()
  val folder by lazy { FakeFolder(folder("models")) }
  /** The Hub's package sizes by id; an id without one is asked offline. */
  val hubAnswers = mutableMapOf<String, Long>()
  /** The ids whose size was asked of the Hub. */
  val asked = mutableListOf<String>()
  /** Answers "From Hugging Face" look-ups ([FakeModelDownloader.hubPackage]). */
  val hub = FakeModelDownloader()

  fun viewModel(
    added: AddedPackages = AddedPackages.NONE,
    io: CoroutineDispatcher = Dispatchers.Main.immediate,
  ): ModelsViewModel {
    val sizes =
      PackageSizes(File(tmp.root, "sizes.json")) {
        asked += it.id()
        hubAnswers[it.id()]
          ?: throw DownloadException(DownloadException.Reason.NETWORK, it.id(), "offline")
      }
    val storage = StorageReport(folder.root, folder("pictures"), folder("cache")) { 1L shl 40 }
    return ModelsViewModel(
      catalog,
      downloads,
      folder,
      sizes,
      storage,
      runs,
      io,
      hubLookup = HubLookup(hub::describeHubPackage),
      addedPackages = added,
    )
  }

  private fun folder(name: String) = File(tmp.root, name).apply { mkdirs() }

  /** A models folder with real manifests; the chosen model as the app's locator resolves it. */
  class FakeFolder(val root: File) : InstalledPackages {
    val deleted = mutableListOf<String>()
    var busy = false
    var chosen: String? = null
    private val locator = ModelLocator.inFolder(root) { chosen }

    fun install(id: String, family: String) = writeInstalledPackage(root, id, family)

    override fun list() = InstalledModels.listIn(root)

    override fun delete(id: String) {
      if (busy) throw DownloadException(DownloadException.Reason.BUSY, id, "a download of it runs")
      deleted += id
      File(root, id).deleteRecursively()
    }

    override fun activeId() = locator.installedModel()?.name

    override fun choose(id: String) {
      chosen = id
    }
  }
}
