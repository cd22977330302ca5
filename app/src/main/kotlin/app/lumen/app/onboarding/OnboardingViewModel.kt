package app.lumen.app.onboarding

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.app.models.DeviceProfile
import app.lumen.app.models.DownloadControls
import app.lumen.app.models.ModelRecommendation
import app.lumen.app.models.PackageSizes
import app.lumen.app.models.Recommendation
import app.lumen.app.models.learn
import app.lumen.download.CatalogEntry
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** The first-run screen. Immutable. */
data class OnboardingUiState(
  /** Null until the phone has been measured. */
  val device: DeviceProfile? = null,
  val wantsPhotos: Boolean = true,
  val wifiOnly: Boolean = true,
  val recommendation: Recommendation? = null,
  /** The recommended download's size; null while unknown. */
  val sizeBytes: Long? = null,
  /** The recommended package's download, once started (or found running from an earlier run). */
  val download: PackageDownloadState? = null,
  /** Why the download was not started, shown until the next attempt. */
  val refusal: EnqueueResult? = null,
  /** The package is installed and chosen: the screen hands over to a new chat, once. */
  val ready: Boolean = false,
)

/**
 * Recommends a model for this phone ([ModelRecommendation]), downloads it in the background and, as
 * soon as it is installed and verified, makes it the model chats use and says [ready].
 *
 * The recommendation follows the user's answers: without photo questions a text-only model may be
 * the better fit. Sizes the catalog does not state are asked of the Hub, as on the Models screen; a
 * size learnt late can change the pick when the first one would not fit the storage.
 */
class OnboardingViewModel(
  private val catalog: List<CatalogEntry>,
  private val downloads: DownloadControls,
  private val sizes: PackageSizes,
  /** Measures the phone; blocking, run on [io]. */
  private val readDevice: () -> DeviceProfile,
  /** Whether this version of the engine runs a family (`EngineSupport.runs`). */
  private val runs: (family: String) -> Boolean,
  private val firstRun: FirstRun,
  private val io: CoroutineDispatcher,
) : ViewModel() {
  private data class Choices(
    val device: DeviceProfile? = null,
    val wantsPhotos: Boolean = true,
    val wifiOnly: Boolean = true,
    val sizes: Map<String, Long> = emptyMap(),
    val refusal: EnqueueResult? = null,
    /** The entry the user started to download: it stays the one followed, whatever else changes. */
    val started: String? = null,
    val ready: Boolean = false,
  )

  private val choices = MutableStateFlow(Choices())

  val uiState: StateFlow<OnboardingUiState> =
    combine(choices, downloads.states()) { c, states ->
        val recommendation = recommend(c)
        val followed = c.started ?: (recommendation as? Recommendation.Pick)?.entry?.id()
        OnboardingUiState(
          device = c.device,
          wantsPhotos = c.wantsPhotos,
          wifiOnly = c.wifiOnly,
          recommendation = recommendation,
          sizeBytes = followed?.let { c.sizes[it] },
          download = followed?.let { states[it] },
          refusal = c.refusal,
          ready = c.ready,
        )
      }
      .stateIn(viewModelScope, SharingStarted.Eagerly, OnboardingUiState())

  init {
    viewModelScope.launch {
      val device = withContext(io) { readDevice() }
      choices.update { it.copy(device = device) }
    }
    viewModelScope.launch {
      sizes.learn(catalog.filter { runs(it.family()) }, io).collect { learned ->
        choices.update { it.copy(sizes = it.sizes + learned) }
      }
    }
    viewModelScope.launch {
      // A download started here, or in an earlier run of this screen, hands over once installed.
      // Only a followed package has a download state, and a followed package is the pick.
      val installed = uiState.first { it.download == PackageDownloadState.Installed }
      val id = (installed.recommendation as Recommendation.Pick).entry.id()
      withContext(io) { firstRun.end(chosen = id) }
      choices.update { it.copy(ready = true) }
    }
  }

  fun setWantsPhotos(wantsPhotos: Boolean) = choices.update { it.copy(wantsPhotos = wantsPhotos) }

  fun setWifiOnly(wifiOnly: Boolean) = choices.update { it.copy(wifiOnly = wifiOnly) }

  /**
   * Starts the recommended download, or goes on with a paused or failed one; a refusal (no space)
   * is shown and nothing is scheduled.
   */
  fun download() {
    val state = uiState.value
    val pick = state.recommendation as? Recommendation.Pick ?: return
    viewModelScope.launch {
      val result =
        if (state.download == PackageDownloadState.Paused) downloads.resume(pick.entry.id())
        else downloads.enqueue(pick.entry, choices.value.wifiOnly)
      choices.update {
        if (result == EnqueueResult.Enqueued) it.copy(started = pick.entry.id(), refusal = null)
        else it.copy(refusal = result)
      }
    }
  }

  /**
   * Ends the first run without a model: chats then lead to Models, and this screen is there too. A
   * download already started goes on.
   */
  fun skip() {
    viewModelScope.launch { withContext(io) { firstRun.end(chosen = null) } }
  }

  private fun recommend(c: Choices): Recommendation? {
    val device = c.device ?: return null
    val started = c.started?.let { id -> catalog.firstOrNull { it.id() == id } }
    if (started != null) return Recommendation.Pick(started)
    return ModelRecommendation({ runs(it.family()) }, { c.sizes[it.id()] })
      .recommend(catalog, device, c.wantsPhotos)
  }
}
