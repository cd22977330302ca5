package app.lumen.app.engine

import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationException
import app.lumen.inference.GenerationResult
import app.lumen.inference.MemoryGate

/**
 * The model was not loaded because the device's free memory falls short of what it needs
 * ([decision]); the message says so with the numbers, in the user's language.
 */
class NotEnoughMemoryException(val decision: MemoryGate.Decision, message: String) :
  GenerationException(message, GenerationResult.empty(FinishReason.ERROR)) {

  /** The user may load it anyway (asked again with `loadAnyway`); otherwise it is refused. */
  val canLoadAnyway: Boolean
    get() = decision.verdict() == MemoryGate.Verdict.TIGHT
}
