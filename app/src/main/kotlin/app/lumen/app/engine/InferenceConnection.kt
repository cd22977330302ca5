package app.lumen.app.engine

import app.lumen.inference.GenerationException
import app.lumen.inference.GenerationRequest
import app.lumen.inference.GenerationResult
import app.lumen.inference.LoadedModel
import app.lumen.inference.ModelInfo
import app.lumen.inference.Phase
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow

/** One event of a generation, in the engine's order: phases, tokens, then Finished or Failed. */
sealed interface GenerationEvent {
  data class PhaseStarted(val phase: Phase) : GenerationEvent

  data class Token(val text: String, val thinking: Boolean) : GenerationEvent

  /**
   * The end of a generation by the model whose package id is [modelId]; null when the answer was
   * stopped before a model was loaded for it.
   */
  data class Finished(val result: GenerationResult, val modelId: String?) : GenerationEvent

  data class Failed(val error: GenerationException) : GenerationEvent
}

/** What the engine holds right now. */
sealed interface EngineState {
  /** No model package is installed. */
  data object NoModel : EngineState

  /** A package is installed but not in memory (never loaded, or unloaded to save memory). */
  data object Unloaded : EngineState

  data object Loading : EngineState

  data class Ready(val info: ModelInfo, val generating: Boolean) : EngineState

  data class LoadFailed(val message: String) : EngineState
}

/**
 * The UI's view of the inference service: one engine, one loaded model, one generation at a time.
 *
 * Threading: [generate] returns a cold Flow; collecting it loads the model if needed (off the main
 * thread), builds the request with it (off the main thread) and starts the generation. Cancelling
 * the collection cancels the generation; a model still loading then loads on and is kept for the
 * next question. The Flow ends after [GenerationEvent.Finished] or [GenerationEvent.Failed]; a
 * model that fails to load and a request that cannot be built (an
 * [app.lumen.inference.InferenceException], e.g. a photo for a model that reads none) are reported
 * as [GenerationEvent.Failed] too.
 */
interface InferenceConnection {
  val state: StateFlow<EngineState>

  /**
   * Generates the next answer of conversation [conversationId]. [request] is built from the model
   * the engine has loaded for it, so pictures are prepared by that model's own vision path
   * ([LoadedModel.vision]) and never by another. The session's cache is kept per conversation, so a
   * follow-up only prefills the new tokens; switching conversations restores the other one from the
   * full history in the request.
   *
   * Before a load the model is weighed against the device's free memory: one that would not fit
   * ends the answer as [GenerationEvent.Failed] with a [NotEnoughMemoryException] (nothing is
   * loaded); when that says [NotEnoughMemoryException.canLoadAnyway], asking again with
   * [loadAnyway] loads it, and it is not weighed against tight memory again in this process.
   */
  fun generate(
    conversationId: Long,
    loadAnyway: Boolean = false,
    request: (LoadedModel) -> GenerationRequest,
  ): Flow<GenerationEvent>

  /**
   * Asks the running answer, if any, to stop: it then finishes as cancelled, at once when its model
   * is still loading (the model loads on and is kept).
   */
  fun stop()

  /** Looks again whether a model is installed (one may have been downloaded or deleted). */
  fun refresh()
}
