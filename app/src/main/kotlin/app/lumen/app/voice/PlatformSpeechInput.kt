package app.lumen.app.voice

import android.content.Context
import android.content.Intent
import android.os.Bundle
import android.speech.RecognitionListener
import android.speech.RecognizerIntent
import android.speech.SpeechRecognizer
import java.util.Locale

/**
 * [SpeechInput] over Android's [SpeechRecognizer]: one recognizer per session, created on the main
 * thread (as the platform requires) and destroyed when the session ends. Offline recognition is
 * preferred, so that the words stay on the phone where the recognizer can manage it.
 */
class PlatformSpeechInput(context: Context) : SpeechInput {
  private val app = context.applicationContext
  private var current: RecognizerSession? = null

  override fun isAvailable(): Boolean = SpeechRecognizer.isRecognitionAvailable(app)

  override fun start(language: Locale, listener: SpeechInput.Listener): SpeechInput.Session {
    current?.cancel()
    val recognizer = SpeechRecognizer.createSpeechRecognizer(app)
    val session = RecognizerSession(recognizer, listener)
    current = session
    recognizer.setRecognitionListener(session)
    recognizer.startListening(recognizeIntent(language))
    return session
  }

  private inner class RecognizerSession(
    private val recognizer: SpeechRecognizer,
    private val listener: SpeechInput.Listener,
  ) : SpeechInput.Session, RecognitionListener {
    private var ended = false

    override fun stop() {
      if (!ended) recognizer.stopListening()
    }

    override fun cancel() {
      if (ended) return
      recognizer.cancel()
      end()
    }

    private fun end() {
      ended = true
      recognizer.destroy()
      if (current === this) current = null
    }

    override fun onPartialResults(partialResults: Bundle?) {
      if (!ended) firstResult(partialResults)?.let(listener::onPartial)
    }

    override fun onResults(results: Bundle?) {
      if (ended) return
      end()
      listener.onFinal(firstResult(results).orEmpty())
    }

    override fun onError(error: Int) {
      if (ended) return
      end()
      listener.onError(speechError(error))
    }

    override fun onReadyForSpeech(params: Bundle?) = Unit

    override fun onBeginningOfSpeech() = Unit

    override fun onRmsChanged(rmsdB: Float) = Unit

    override fun onBufferReceived(buffer: ByteArray?) = Unit

    override fun onEndOfSpeech() = Unit

    override fun onEvent(eventType: Int, params: Bundle?) = Unit
  }

  companion object {
    /** What the app asks the recognizer for: free speech in [language], offline, with partials. */
    fun recognizeIntent(language: Locale): Intent =
      Intent(RecognizerIntent.ACTION_RECOGNIZE_SPEECH)
        .putExtra(RecognizerIntent.EXTRA_LANGUAGE_MODEL, RecognizerIntent.LANGUAGE_MODEL_FREE_FORM)
        .putExtra(RecognizerIntent.EXTRA_LANGUAGE, language.toLanguageTag())
        .putExtra(RecognizerIntent.EXTRA_PREFER_OFFLINE, true)
        .putExtra(RecognizerIntent.EXTRA_PARTIAL_RESULTS, true)

    private fun firstResult(bundle: Bundle?): String? =
      bundle?.getStringArrayList(SpeechRecognizer.RESULTS_RECOGNITION)?.firstOrNull()

    /** The recognizer's error codes as the app tells them to the user. */
    fun speechError(code: Int): SpeechError =
      when (code) {
        SpeechRecognizer.ERROR_NO_MATCH,
        SpeechRecognizer.ERROR_SPEECH_TIMEOUT -> SpeechError.NO_MATCH
        SpeechRecognizer.ERROR_NETWORK,
        SpeechRecognizer.ERROR_NETWORK_TIMEOUT,
        SpeechRecognizer.ERROR_SERVER,
        SpeechRecognizer.ERROR_SERVER_DISCONNECTED -> SpeechError.NEEDS_NETWORK
        SpeechRecognizer.ERROR_RECOGNIZER_BUSY,
        SpeechRecognizer.ERROR_TOO_MANY_REQUESTS -> SpeechError.BUSY
        SpeechRecognizer.ERROR_AUDIO -> SpeechError.AUDIO
        SpeechRecognizer.ERROR_INSUFFICIENT_PERMISSIONS -> SpeechError.NO_PERMISSION
        SpeechRecognizer.ERROR_LANGUAGE_NOT_SUPPORTED,
        SpeechRecognizer.ERROR_LANGUAGE_UNAVAILABLE -> SpeechError.LANGUAGE
        else -> SpeechError.OTHER
      }
  }
}
