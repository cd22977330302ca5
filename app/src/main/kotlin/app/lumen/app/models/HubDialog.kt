package app.lumen.app.models

import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** The "From Hugging Face" dialog: what the user typed and what the lookup found. Immutable. */
data class HubDialogState(
  val repo: String = "",
  /** Blank means [HubDialog.DEFAULT_VARIANT]. */
  val variant: String = HubDialog.DEFAULT_VARIANT,
  /** Blank means [HubDialog.DEFAULT_REVISION]. */
  val revision: String = HubDialog.DEFAULT_REVISION,
  val step: HubStep = HubStep.Editing(),
)

/** Where the dialog stands; each edit goes back to [Editing]. */
sealed interface HubStep {
  /** The fields can be changed; [problem] says why the last look-up found nothing. */
  data class Editing(val problem: HubProblem? = null) : HubStep

  /** Asking the Hub; the fields wait. */
  data object LookingUp : HubStep

  /**
   * The repository holds a package of the variant.
   *
   * @param sizeBytes the download's size, null when the Hub did not say or the package cannot run
   * @param supported whether this version runs its family: only then can it be downloaded
   */
  data class Found(val entry: CatalogEntry, val sizeBytes: Long?, val supported: Boolean) : HubStep
}

/** Why a look-up found no package, in terms the dialog turns into a sentence. */
sealed interface HubProblem {
  /** Not an `owner/name` id the Hub could have; nothing was asked of the network. */
  data object InvalidRepoId : HubProblem

  /** Offline, or the Hub did not answer after the retries. */
  data class Unreachable(val message: String) : HubProblem

  /** The Hub has no such repository or revision, or keeps it private. */
  data class NotFound(val message: String) : HubProblem

  /** The repository is there but holds nothing this version can install (family, files). */
  data class Unusable(val message: String) : HubProblem
}

/**
 * The state and events of the "From Hugging Face" dialog, for [ModelsViewModel]: it checks the
 * repository id, looks the package up on [io] and says what it found. Downloading what it found is
 * the view model's, since the result becomes one of its rows.
 *
 * @param runs whether this version of the engine runs a family
 */
class HubDialog(
  private val lookup: HubLookup,
  private val sizes: PackageSizes,
  private val runs: (family: String) -> Boolean,
  private val scope: CoroutineScope,
  private val io: CoroutineDispatcher,
) {
  private val current = MutableStateFlow<HubDialogState?>(null)
  private var lookingUp: Job? = null

  /** The open dialog; null while it is closed. */
  val state: StateFlow<HubDialogState?> = current

  /** Opens the dialog, or keeps the open one as it is. */
  fun open() = current.update { it ?: HubDialogState() }

  /** Closes the dialog; a look-up still running is forgotten. */
  fun close() {
    lookingUp?.cancel()
    current.value = null
  }

  fun setRepo(repo: String) = edit { it.copy(repo = repo) }

  fun setVariant(variant: String) = edit { it.copy(variant = variant) }

  fun setRevision(revision: String) = edit { it.copy(revision = revision) }

  /** Checks the repository id, then asks the Hub for the package the fields name. */
  fun lookUp() {
    val typed = current.value ?: return
    if (typed.step == HubStep.LookingUp) return
    val repo = HubRepoId.parse(typed.repo)
    if (repo == null) {
      current.value = typed.copy(step = HubStep.Editing(HubProblem.InvalidRepoId))
      return
    }
    val variant = typed.variant.trim().ifEmpty { DEFAULT_VARIANT }
    val revision = typed.revision.trim().ifEmpty { DEFAULT_REVISION }
    current.value = typed.copy(step = HubStep.LookingUp)
    lookingUp =
      scope.launch {
        val step = withContext(io) { find(repo, revision, variant) }
        current.update { it?.copy(step = step) }
      }
  }

  /** The package found, if it can be downloaded. */
  fun downloadable(): HubStep.Found? =
    (current.value?.step as? HubStep.Found)?.takeIf { it.supported }

  private fun edit(change: (HubDialogState) -> HubDialogState) =
    current.update { state ->
      when {
        state == null || state.step == HubStep.LookingUp -> state
        // What was found, or the problem, belongs to the fields it was found with.
        else -> change(state).copy(step = HubStep.Editing())
      }
    }

  private fun find(repo: String, revision: String, variant: String): HubStep =
    try {
      val entry = lookup.describe(repo, revision, variant)
      val supported = runs(entry.family())
      HubStep.Found(entry, if (supported) sizeOf(entry) else null, supported)
    } catch (e: DownloadException) {
      HubStep.Editing(problem(e))
    }

  /** The size is one more small request; without it the download's own check covers the space. */
  private fun sizeOf(entry: CatalogEntry): Long? =
    try {
      sizes.size(entry)
    } catch (e: DownloadException) {
      null
    }

  private fun problem(e: DownloadException): HubProblem {
    val message = e.message.orEmpty()
    return when (e.reason()) {
      DownloadException.Reason.NETWORK -> HubProblem.Unreachable(message)
      DownloadException.Reason.HTTP -> HubProblem.NotFound(message)
      else -> HubProblem.Unusable(message)
    }
  }

  companion object {
    /**
     * What the bundled catalog installs: 4-bit weights, the smallest download, with float32
     * activations, which every phone's CPU runs.
     */
    const val DEFAULT_VARIANT = "q4"
    const val DEFAULT_REVISION = "main"
  }
}
