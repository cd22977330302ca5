package app.lumen.app.voice

import app.lumen.app.data.Message
import java.util.Locale
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * Reads answers aloud, one at a time, for the whole app: what is being read ([reading]), whether
 * finished answers are read by themselves ([autoRead], remembered across launches) and the last
 * problem ([problem]). The speech engine is started on the first reading ([openSpeaker]) and closed
 * after [idleMillis] without one, or by [close] when the app's objects go. Main thread only.
 */
class ReadAloud(
  private val openSpeaker: () -> AnswerSpeaker,
  private val scope: CoroutineScope,
  private val appLocale: () -> Locale,
  private val autoReadSetting: AutoReadSetting,
  private val idleMillis: Long = IDLE_MILLIS,
) : AutoCloseable {
  /** Where the auto-read switch is remembered. */
  interface AutoReadSetting {
    var readAnswersAloud: Boolean
  }

  private var speaker: AnswerSpeaker? = null
  private var idleClose: Job? = null
  private var lastAutoRead: Long? = null
  private val _reading = MutableStateFlow<Long?>(null)
  private val _autoRead = MutableStateFlow(autoReadSetting.readAnswersAloud)
  private val _problem = MutableStateFlow<SpeakError?>(null)

  /** The id of the message being read; null when nothing is. */
  val reading: StateFlow<Long?> = _reading.asStateFlow()

  val autoRead: StateFlow<Boolean> = _autoRead.asStateFlow()

  /** Why the last reading failed, until [dismissProblem] or the next reading. */
  val problem: StateFlow<SpeakError?> = _problem.asStateFlow()

  fun setAutoRead(on: Boolean) {
    autoReadSetting.readAnswersAloud = on
    _autoRead.value = on
    if (!on) stop()
  }

  /**
   * Reads [answer]'s text (never its thinking) as plain words, in the language it is written in,
   * replacing any reading under way.
   */
  fun read(answer: Message) {
    idleClose?.cancel()
    _problem.value = null
    val words = SpokenText.fromMarkdown(answer.text)
    val language = AnswerLanguage.guess(words, appLocale())
    val speaker = speaker ?: openSpeaker().also { speaker = it }
    _reading.value = answer.id
    speaker.speak(
      Utterances.split(words, speaker.maxUtteranceLength),
      language,
      object : AnswerSpeaker.Listener {
        override fun onDone() = ended(answer.id, null)

        override fun onError(error: SpeakError) = ended(answer.id, error)
      },
    )
  }

  /**
   * Reads [answer] when auto-read is on, once: the same answer finishing on two screens at once (as
   * while a new chat's screen hands over to its own) is read only once.
   */
  fun readFinished(answer: Message) {
    if (!_autoRead.value || answer.id == lastAutoRead) return
    lastAutoRead = answer.id
    read(answer)
  }

  fun stop() {
    if (_reading.value == null) return
    speaker?.stop()
    _reading.value = null
    closeWhenIdle()
  }

  fun dismissProblem() {
    _problem.value = null
  }

  private fun ended(id: Long, error: SpeakError?) {
    if (_reading.value != id) return
    _reading.value = null
    _problem.value = error
    if (error == SpeakError.NO_ENGINE) closeSpeaker() else closeWhenIdle()
  }

  /** An engine holds memory and a service connection: it goes when nothing was read a while. */
  private fun closeWhenIdle() {
    idleClose?.cancel()
    // The app's scope runs on a pool; the speaker is the main thread's.
    idleClose =
      scope.launch(Dispatchers.Main) {
        delay(idleMillis)
        closeSpeaker()
      }
  }

  private fun closeSpeaker() {
    speaker?.close()
    speaker = null
  }

  override fun close() {
    idleClose?.cancel()
    _reading.value = null
    closeSpeaker()
  }

  companion object {
    /** Long enough to read the next answer at once, short enough not to hold the engine all day. */
    const val IDLE_MILLIS = 2 * 60_000L
  }
}
