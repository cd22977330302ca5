package app.lumen.app.voice

import android.content.Context
import android.os.Handler
import android.os.Looper
import android.speech.tts.TextToSpeech
import android.speech.tts.UtteranceProgressListener
import java.util.Locale

/**
 * [AnswerSpeaker] over Android's [TextToSpeech]. The engine starts when this object is made (the
 * app makes it on first use) and is ready some time later: a reading asked before then waits for
 * it. The engine's callbacks come on its own threads and are passed to the main thread.
 */
class PlatformAnswerSpeaker(context: Context) : AnswerSpeaker {
  private val main = Handler(Looper.getMainLooper())
  private var ready = false
  private var failed = false
  private var closed = false
  private var waiting: (() -> Unit)? = null
  /** Counts readings, so that callbacks of a replaced one are told apart and ignored. */
  private var reading = 0
  private var listener: AnswerSpeaker.Listener? = null
  /** How many utterances the current reading has: the last one's end is the reading's end. */
  private var count = 0

  private val tts: TextToSpeech =
    TextToSpeech(context.applicationContext) { status ->
      main.post {
        ready = status == TextToSpeech.SUCCESS
        failed = !ready
        val next = waiting
        waiting = null
        next?.invoke()
      }
    }

  init {
    tts.setOnUtteranceProgressListener(
      object : UtteranceProgressListener() {
        override fun onStart(utteranceId: String) = Unit

        override fun onDone(utteranceId: String) {
          main.post { if (utteranceId == lastId()) finish { it.onDone() } }
        }

        @Deprecated("Deprecated in Java")
        override fun onError(utteranceId: String) {
          main.post { if (utteranceId.startsWith("$reading:")) fail(SpeakError.FAILED) }
        }

        override fun onError(utteranceId: String, errorCode: Int) {
          main.post { if (utteranceId.startsWith("$reading:")) fail(SpeakError.FAILED) }
        }
      }
    )
  }

  private fun lastId() = "$reading:${count - 1}"

  override val maxUtteranceLength: Int = TextToSpeech.getMaxSpeechInputLength()

  override fun speak(utterances: List<String>, language: Locale, listener: AnswerSpeaker.Listener) {
    check(!closed) { "speaker closed" }
    stop()
    this.listener = listener
    reading++
    count = utterances.size
    val start = {
      when {
        failed -> fail(SpeakError.NO_ENGINE)
        utterances.isEmpty() -> finish { it.onDone() }
        else -> {
          chooseVoice(language)
          for ((index, text) in utterances.withIndex()) {
            val mode = if (index == 0) TextToSpeech.QUEUE_FLUSH else TextToSpeech.QUEUE_ADD
            if (tts.speak(text, mode, null, "$reading:$index") != TextToSpeech.SUCCESS) {
              fail(SpeakError.FAILED)
              break
            }
          }
        }
      }
    }
    if (ready || failed) start() else waiting = start
  }

  /** The answer's language where the engine has it, else the engine's default voice. */
  private fun chooseVoice(language: Locale) {
    if (tts.isLanguageAvailable(language) >= TextToSpeech.LANG_AVAILABLE) {
      tts.setLanguage(language)
    } else {
      tts.defaultVoice?.let { tts.setVoice(it) }
    }
  }

  private fun fail(error: SpeakError) = finish { it.onError(error) }

  private fun finish(report: (AnswerSpeaker.Listener) -> Unit) {
    val current = listener ?: return
    listener = null
    tts.stop()
    report(current)
  }

  override fun stop() {
    waiting = null
    listener = null
    if (ready) tts.stop()
  }

  override fun close() {
    if (closed) return
    closed = true
    stop()
    tts.shutdown()
  }
}
