package app.lumen.app.selftest

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the self-test screen shows. Immutable; the phases exclude each other. */
sealed interface SelfTestUiState {
  /** Not started, or cancelled. */
  data object Idle : SelfTestUiState

  data class Running(val progress: SelfTestProgress) : SelfTestUiState

  data class Done(val results: List<ProviderResult>) : SelfTestUiState {
    val allPassed: Boolean
      get() = results.all { it.passed }
  }

  /** The test itself could not run (no test model, no runtime); per-provider failures are Done. */
  data class Failed(val reason: String) : SelfTestUiState
}

/**
 * Runs the self-test on [background] and exposes its progress as one [SelfTestUiState].
 *
 * Threading: call its methods from the main thread; [uiState] may be collected from any. The run is
 * cancelled by [cancel] and when the ViewModel is cleared, and the state then returns to [Idle].
 * Errors: an exception from the runner becomes [SelfTestUiState.Failed] with its message.
 */
class SelfTestViewModel(
  private val runner: SelfTestRunner,
  private val background: CoroutineDispatcher = Dispatchers.Default,
) : ViewModel() {
  private val state = MutableStateFlow<SelfTestUiState>(SelfTestUiState.Idle)
  val uiState: StateFlow<SelfTestUiState> = state.asStateFlow()
  private var job: Job? = null

  /** Starts a run; does nothing while one is running. */
  fun run() {
    if (job?.isActive == true) return
    state.value = SelfTestUiState.Running(SelfTestProgress(null, emptyList(), 0))
    job =
      viewModelScope
        .launch {
          state.value =
            try {
              val results =
                withContext(background) {
                  runner.run { progress -> state.value = SelfTestUiState.Running(progress) }
                }
              SelfTestUiState.Done(results)
            } catch (e: CancellationException) {
              throw e
            } catch (e: Exception) {
              SelfTestUiState.Failed(e.message ?: e.javaClass.simpleName)
            }
        }
        .also { started ->
          // Also when cancelled before it ever ran, which a catch block inside would not see.
          started.invokeOnCompletion { cause ->
            if (cause is CancellationException) state.value = SelfTestUiState.Idle
          }
        }
  }

  /**
   * Stops a running test (before its next step; a running generation stops before its next token).
   */
  fun cancel() {
    job?.cancel()
  }
}
