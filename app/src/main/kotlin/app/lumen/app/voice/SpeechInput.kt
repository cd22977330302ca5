package app.lumen.app.voice

import java.util.Locale

/**
 * Turns the user's speech into text: the phone's speech recognizer, or a fake in tests. Called on
 * the main thread; the [Listener] is called on the main thread too. One session at a time: starting
 * another ends the one before.
 */
interface SpeechInput {
  /** Whether the phone has a speech recognizer at all; without one, [start] cannot work. */
  fun isAvailable(): Boolean

  /**
   * Starts listening in [language]. The session ends by itself after the final result or an error
   * (each reported once to [listener]), or when [Session.stop] or [Session.cancel] is called.
   */
  fun start(language: Locale, listener: Listener): Session

  /** What the recognizer heard, as it hears it. */
  interface Listener {
    /** The words so far; later calls replace earlier ones. */
    fun onPartial(text: String)

    /** The words heard, once; empty when the recognizer returned nothing usable. */
    fun onFinal(text: String)

    fun onError(error: SpeechError)
  }

  /** A listening session. Both calls are harmless after the session has ended. */
  interface Session {
    /** Stops listening; what was said so far still comes as the final result. */
    fun stop()

    /** Ends the session at once; nothing more is reported. Releases the recognizer. */
    fun cancel()
  }
}

/** Why listening failed, each with its own message to the user. */
enum class SpeechError {
  /** Nothing recognizable was said, or nothing at all before the recognizer gave up. */
  NO_MATCH,
  /** The recognizer needs the network (it has no offline model for the language) and has none. */
  NEEDS_NETWORK,
  /** The recognizer is busy with another app. */
  BUSY,
  /** The microphone could not be recorded. */
  AUDIO,
  /** The recognizer was not allowed to record. */
  NO_PERMISSION,
  /** The recognizer does not know the language. */
  LANGUAGE,
  /** Anything else the recognizer reported. */
  OTHER,
}
