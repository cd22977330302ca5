package app.lumen.app.voice

import java.util.Locale

/**
 * Reads text aloud: the phone's text-to-speech engine, or a fake in tests. Called on the main
 * thread; the [Listener] is called on the main thread too. One reading at a time: [speak] replaces
 * the one before (without reporting it), [stop] ends it without reporting either.
 */
interface AnswerSpeaker : AutoCloseable {
  /** The longest text one utterance may hold. */
  val maxUtteranceLength: Int

  /**
   * Reads [utterances] one after the other in [language], or in the engine's default voice when it
   * has none for [language]. Reports the end once: [Listener.onDone] after the last utterance, or
   * [Listener.onError].
   */
  fun speak(utterances: List<String>, language: Locale, listener: Listener)

  fun stop()

  /** Releases the engine; the speaker is not used again. */
  override fun close()

  interface Listener {
    fun onDone()

    fun onError(error: SpeakError)
  }
}

/** Why an answer could not be read. */
enum class SpeakError {
  /** The phone has no text-to-speech engine, or it would not start. */
  NO_ENGINE,
  /** The engine failed while reading. */
  FAILED,
}
