package app.lumen.app.voice

import android.content.Context
import app.lumen.app.AppPreferences

/** Where voice comes from: the phone's recognizer and speech engine, or fakes in tests. */
interface VoiceDevices {
  fun speechInput(): SpeechInput

  /** A new speaker; called on the main thread at the first reading after the last was closed. */
  fun answerSpeaker(): AnswerSpeaker
}

/** The phone's own speech recognizer and text-to-speech engine. */
class PlatformVoice(private val context: Context) : VoiceDevices {
  override fun speechInput(): SpeechInput = PlatformSpeechInput(context)

  override fun answerSpeaker(): AnswerSpeaker = PlatformAnswerSpeaker(context)
}

/** The auto-read switch, kept in the app's preferences. */
fun AppPreferences.autoReadSetting(): ReadAloud.AutoReadSetting =
  object : ReadAloud.AutoReadSetting {
    override var readAnswersAloud: Boolean
      get() = this@autoReadSetting.readAnswersAloud
      set(value) {
        this@autoReadSetting.readAnswersAloud = value
      }
  }
