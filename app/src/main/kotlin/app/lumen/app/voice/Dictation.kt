package app.lumen.app.voice

import java.util.Locale
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * Speech into the composer: while listening, the words heard so far follow what the draft held when
 * listening began; the final words stay there for the user to send (nothing is sent by itself). On
 * an error the draft goes back to what it was. Main thread only.
 */
class Dictation(private val input: SpeechInput) {
  private var session: SpeechInput.Session? = null
  private val _listening = MutableStateFlow(false)
  private val _problem = MutableStateFlow<SpeechError?>(null)

  val listening: StateFlow<Boolean> = _listening.asStateFlow()

  /** Why the last listening failed, until the next one starts. */
  val problem: StateFlow<SpeechError?> = _problem.asStateFlow()

  /**
   * Starts listening in [language] after [draft]; [onDraft] receives the draft with the words heard
   * so far, then with the final words. Does nothing while already listening.
   */
  fun start(draft: String, language: Locale, onDraft: (String) -> Unit) {
    if (_listening.value) return
    _problem.value = null
    _listening.value = true
    session =
      input.start(
        language,
        object : SpeechInput.Listener {
          override fun onPartial(text: String) {
            if (text.isNotBlank()) onDraft(joined(draft, text))
          }

          override fun onFinal(text: String) {
            ended()
            if (text.isBlank()) {
              onDraft(draft)
              _problem.value = SpeechError.NO_MATCH
            } else {
              onDraft(joined(draft, text))
            }
          }

          override fun onError(error: SpeechError) {
            ended()
            onDraft(draft)
            _problem.value = error
          }
        },
      )
  }

  /** Stops listening; the final words still come. */
  fun stop() {
    session?.stop()
  }

  /** Ends listening at once, when the screen goes; the recognizer is released. */
  fun cancel() {
    session?.cancel()
    ended()
  }

  fun dismissProblem() {
    _problem.value = null
  }

  private fun ended() {
    session = null
    _listening.value = false
  }

  companion object {
    /** [heard] after what the draft already held, on the same line. */
    fun joined(draft: String, heard: String): String =
      if (draft.isBlank()) heard.trim() else draft.trimEnd() + " " + heard.trim()
  }
}
