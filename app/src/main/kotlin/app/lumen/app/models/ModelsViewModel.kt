package app.lumen.app.models

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the Models screen needs of background downloads (`ModelDownloads` in the app). */
interface DownloadControls {
  fun states(): Flow<Map<String, PackageDownloadState>>

  suspend fun enqueue(entry: CatalogEntry, wifiOnly: Boolean): EnqueueResult

  suspend fun pause(id: String): Boolean

  suspend fun resume(id: String): EnqueueResult

  suspend fun cancel(id: String)
}

/**
 * What the Models screen needs of the models folder. Blocking methods: called on the io dispatcher.
 */
interface InstalledPackages {
  fun list(): List<InstalledModel>

  /** Deletes package [id]; `DownloadException(BUSY)` while a download of it runs. */
  fun delete(id: String)

  /** The package chats use: the chosen one while installed, else the newest; null with none. */
  fun activeId(): String?

  /** Makes [id] the package chats use from their next answer on. */
  fun choose(id: String)
}

/** One package as the Models screen shows it: a catalog entry, an installed package, or both. */
data class ModelRow(
  val id: String,
  val name: String,
  /** Null for a package installed from elsewhere (an import, an older catalog). */
  val entry: CatalogEntry?,
  /** Whether this version of the engine runs the package's family. */
  val supported: Boolean,
  /** The download's size; null while unknown (asked of the Hub on the first view). */
  val sizeBytes: Long?,
  val installed: InstalledModel?,
  val download: PackageDownloadState?,
  /** The package chats use. */
  val active: Boolean,
)

/** The Models screen. Immutable. */
data class ModelsUiState(
  val rows: List<ModelRow> = emptyList(),
  val wifiOnly: Boolean = true,
  val storage: StorageUsage? = null,
  /** A row whose deletion waits for the user's confirmation. */
  val confirmDelete: ModelRow? = null,
  /** The last action's refusal or failure, shown once. */
  val notice: ModelsNotice? = null,
  /** How far the copy of a picked folder has come; null while none is imported. */
  val importing: ImportProgress? = null,
  /** The "From Hugging Face" dialog; null while it is closed. */
  val hub: HubDialogState? = null,
)

/** Why an action did not happen, in numbers the screen turns into a sentence. */
sealed interface ModelsNotice {
  data class NotEnoughSpace(val neededBytes: Long, val freeBytes: Long) : ModelsNotice

  data class Refused(val message: String) : ModelsNotice

  /** Deleting failed: a download of it runs, or a file could not be deleted. */
  data class DeleteFailed(val name: String, val message: String) : ModelsNotice

  /** A picked folder became the package [name]. */
  data class Imported(val name: String) : ModelsNotice

  /** A picked folder was not imported: [problem] names the file; [more] problems follow it. */
  data class ImportRefused(val problem: String, val more: Int = 0) : ModelsNotice

  /** A package with the picked folder's id, [id], is installed or downloading. */
  data class ImportExists(val id: String) : ModelsNotice
}

/**
 * The catalog, what is installed and what is downloading, side by side; download, pause, resume,
 * cancel, retry, delete (after confirmation) and choosing the model chats use. Packages added from
 * Hugging Face ([hubDialog]) are listed like catalog entries until they are cancelled or deleted.
 *
 * Sizes the catalog does not state are asked of the Hub once, in the background; offline they stay
 * unknown and the download's own check covers the space.
 */
class ModelsViewModel(
  private val catalog: List<CatalogEntry>,
  private val downloads: DownloadControls,
  private val installed: InstalledPackages,
  private val sizes: PackageSizes,
  private val storage: StorageReport,
  /** Whether this version of the engine runs a family (`EngineSupport.runs`). */
  private val runs: (family: String) -> Boolean,
  private val io: CoroutineDispatcher,
  /** Copies picked folders in; null where the screen offers no import. */
  private val imports: PackageImport? = null,
  hubLookup: HubLookup = HubLookup.OFFLINE,
  /** Packages added from Hugging Face: rows like the catalog's, after the catalog's. */
  private val addedPackages: AddedPackages = AddedPackages.NONE,
) : ViewModel() {
  private val local = MutableStateFlow(LocalState())

  /** The "From Hugging Face" dialog's fields and look-up; [downloadFromHub] downloads its find. */
  val hubDialog = HubDialog(hubLookup, sizes, runs, viewModelScope, io)

  /** What only this screen changes, refreshed from disk after each change. */
  private data class LocalState(
    val installed: List<InstalledModel> = emptyList(),
    val activeId: String? = null,
    val sizes: Map<String, Long> = emptyMap(),
    val wifiOnly: Boolean = true,
    val storage: StorageUsage? = null,
    val confirmDelete: String? = null,
    val notice: ModelsNotice? = null,
    val importing: ImportProgress? = null,
    val added: List<CatalogEntry> = emptyList(),
  )

  val uiState: StateFlow<ModelsUiState> =
    combine(local, downloads.states().distinctUntilChanged(), hubDialog.state) { state, active, hub
        ->
        val rows = rows(state, active)
        ModelsUiState(
          rows = rows,
          wifiOnly = state.wifiOnly,
          storage = state.storage,
          confirmDelete = rows.firstOrNull { it.id == state.confirmDelete },
          notice = state.notice,
          importing = state.importing,
          hub = hub,
        )
      }
      .stateIn(viewModelScope, SharingStarted.Eagerly, ModelsUiState())

  init {
    refresh()
    viewModelScope.launch {
      val added = withContext(io) { addedPackages.list() }
      local.update { it.copy(added = added) }
      learnSizes(entries(local.value))
    }
    // A download that ends installed changes the folder: read it again.
    viewModelScope.launch {
      downloads
        .states()
        .map { states -> states.filterValues { it == PackageDownloadState.Installed }.keys }
        .distinctUntilChanged()
        .collect { refresh() }
    }
  }

  fun setWifiOnly(wifiOnly: Boolean) = local.update { it.copy(wifiOnly = wifiOnly) }

  fun download(id: String) {
    val entry = entries(local.value).firstOrNull { it.id() == id } ?: return
    if (!runs(entry.family())) return
    viewModelScope.launch { report(downloads.enqueue(entry, local.value.wifiOnly)) }
  }

  fun pause(id: String) {
    viewModelScope.launch { downloads.pause(id) }
  }

  fun resume(id: String) {
    viewModelScope.launch { report(downloads.resume(id)) }
  }

  fun cancel(id: String) {
    viewModelScope.launch {
      downloads.cancel(id)
      if (local.value.installed.none { it.id == id }) forgetAdded(id)
      refresh()
    }
  }

  /**
   * Downloads what the "From Hugging Face" dialog found and closes it. The package becomes a row
   * before the download is enqueued, so a process that dies in between leaves a row to retry from
   * rather than a download without one; a download refused at once takes a new row away again.
   */
  fun downloadFromHub() {
    val found = hubDialog.downloadable() ?: return
    val entry = found.entry
    hubDialog.close()
    viewModelScope.launch {
      val isNew = entries(local.value).none { it.id() == entry.id() }
      withContext(io) { addedPackages.add(entry) }
      local.update { state ->
        state.copy(
          added = state.added.filter { it.id() != entry.id() } + entry,
          sizes = found.sizeBytes?.let { state.sizes + (entry.id() to it) } ?: state.sizes,
        )
      }
      val result = downloads.enqueue(entry, local.value.wifiOnly)
      if (result != EnqueueResult.Enqueued && isNew) forgetAdded(entry.id())
      report(result)
    }
  }

  fun askToDelete(id: String) = local.update { it.copy(confirmDelete = id) }

  fun dismissDelete() = local.update { it.copy(confirmDelete = null) }

  /**
   * Deletes the row waiting for confirmation: its files go, and chats fall back to another model.
   */
  fun confirmDelete() {
    val row = uiState.value.confirmDelete ?: return
    local.update { it.copy(confirmDelete = null) }
    viewModelScope.launch {
      try {
        withContext(io) { installed.delete(row.id) }
        forgetAdded(row.id)
      } catch (e: DownloadException) {
        local.update { it.copy(notice = ModelsNotice.DeleteFailed(row.name, e.message.orEmpty())) }
      }
      refresh()
    }
  }

  fun makeActive(id: String) {
    viewModelScope.launch {
      withContext(io) { installed.choose(id) }
      refresh()
    }
  }

  fun clearCaches() {
    viewModelScope.launch {
      withContext(io) { storage.clearCaches() }
      refresh()
    }
  }

  fun noticeShown() = local.update { it.copy(notice = null) }

  /** Shows why something the screen asked of the system could not happen. */
  fun refuse(message: String) = local.update { it.copy(notice = ModelsNotice.Refused(message)) }

  /**
   * Copies the package in [source] into the models folder and installs it if it passes the checks
   * of `lumen validate`; the outcome is a notice. One import at a time: a folder picked while one
   * is copied in is ignored (the screen disables the button meanwhile).
   */
  fun importFolder(source: ImportSource) {
    val imports = imports ?: return
    if (local.value.importing != null) return
    local.update { it.copy(importing = ImportProgress()) }
    viewModelScope.launch {
      val result =
        withContext(io) {
          imports.from(source) { progress -> local.update { it.copy(importing = progress) } }
        }
      local.update { it.copy(importing = null, notice = importNotice(result)) }
      refresh()
    }
  }

  private fun importNotice(result: ImportResult): ModelsNotice =
    when (result) {
      is ImportResult.Imported -> ModelsNotice.Imported(result.name)
      is ImportResult.Invalid ->
        ModelsNotice.ImportRefused(result.problems.first(), result.problems.size - 1)
      is ImportResult.AlreadyInstalled -> ModelsNotice.ImportExists(result.id)
      is ImportResult.NotEnoughSpace ->
        ModelsNotice.NotEnoughSpace(result.neededBytes, result.freeBytes)
      is ImportResult.Failed -> ModelsNotice.ImportRefused(result.message)
    }

  private fun report(result: EnqueueResult) {
    val notice =
      when (result) {
        is EnqueueResult.NotEnoughSpace ->
          ModelsNotice.NotEnoughSpace(result.neededBytes, result.freeBytes)
        is EnqueueResult.Refused -> ModelsNotice.Refused(result.message)
        EnqueueResult.Enqueued -> null
      }
    if (notice != null) local.update { it.copy(notice = notice) }
  }

  /** Takes a package added from Hugging Face off the list once nothing of it is left. */
  private suspend fun forgetAdded(id: String) {
    if (local.value.added.none { it.id() == id }) return
    withContext(io) { addedPackages.remove(id) }
    local.update { state -> state.copy(added = state.added.filter { it.id() != id }) }
  }

  /** The catalog's entries, then the packages added from Hugging Face that it lacks. */
  private fun entries(state: LocalState): List<CatalogEntry> {
    val catalogIds = catalog.map { it.id() }.toSet()
    return catalog + state.added.filter { it.id() !in catalogIds }
  }

  private fun refresh() {
    viewModelScope.launch {
      val (list, activeId, usage) =
        withContext(io) { Triple(installed.list(), installed.activeId(), storage.measure()) }
      local.update { it.copy(installed = list, activeId = activeId, storage = usage) }
    }
  }

  /**
   * Shows the sizes known from the catalog or earlier views, then asks the Hub for the others, one
   * entry at a time.
   */
  private fun learnSizes(entries: List<CatalogEntry>) {
    viewModelScope.launch {
      sizes.learn(entries.filter { runs(it.family()) }, io).collect { learned ->
        local.update { it.copy(sizes = it.sizes + learned) }
      }
    }
  }

  private fun rows(state: LocalState, active: Map<String, PackageDownloadState>): List<ModelRow> {
    val installedById = state.installed.associateBy { it.id }
    val chatModel = state.activeId
    val listed = entries(state)
    val fromEntries =
      listed.map { entry ->
        val id = entry.id()
        ModelRow(
          id = id,
          name = entry.displayName(),
          entry = entry,
          supported = runs(entry.family()),
          sizeBytes = state.sizes[id],
          installed = installedById[id],
          download = active[id],
          active = id == chatModel,
        )
      }
    val listedIds = listed.map { it.id() }.toSet()
    val elsewhere =
      state.installed
        .filter { it.id !in listedIds }
        .map {
          ModelRow(
            id = it.id,
            name = it.displayName,
            entry = null,
            supported = it.manifest?.let { manifest -> runs(manifest.family()) } ?: false,
            sizeBytes = it.bytes,
            installed = it,
            download = active[it.id],
            active = it.id == chatModel,
          )
        }
    return fromEntries + elsewhere
  }
}
