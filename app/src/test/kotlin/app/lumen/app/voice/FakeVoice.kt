package app.lumen.app.voice

import app.lumen.app.TestLumenApplication
import java.util.Locale
import org.junit.rules.TestRule
import org.junit.runner.Description
import org.junit.runners.model.Statement

/** A speech recognizer the test speaks through: it hears what the test says it heard. */
class FakeSpeechInput : SpeechInput {
  var available = true
  /** The languages sessions were started in, oldest first. */
  val started = mutableListOf<Locale>()
  private var listener: SpeechInput.Listener? = null
  var stopped = 0
    private set

  var cancelled = 0
    private set

  val listening: Boolean
    get() = listener != null

  override fun isAvailable() = available

  override fun start(language: Locale, listener: SpeechInput.Listener): SpeechInput.Session {
    started += language
    this.listener = listener
    return object : SpeechInput.Session {
      override fun stop() {
        stopped++
      }

      override fun cancel() {
        cancelled++
        if (this@FakeSpeechInput.listener === listener) this@FakeSpeechInput.listener = null
      }
    }
  }

  fun hearPartial(text: String) = checkNotNull(listener) { "not listening" }.onPartial(text)

  fun hearFinal(text: String) {
    val current = checkNotNull(listener) { "not listening" }
    listener = null
    current.onFinal(text)
  }

  fun fail(error: SpeechError) {
    val current = checkNotNull(listener) { "not listening" }
    listener = null
    current.onError(error)
  }
}

/** A text-to-speech engine that keeps what it was asked to read; the test ends each reading. */
class FakeAnswerSpeaker(override val maxUtteranceLength: Int = 4000) : AnswerSpeaker {
  class Reading(val utterances: List<String>, val language: Locale)

  val readings = mutableListOf<Reading>()
  private var listener: AnswerSpeaker.Listener? = null
  var stops = 0
    private set

  var closed = false
    private set

  val speaking: Boolean
    get() = listener != null

  override fun speak(utterances: List<String>, language: Locale, listener: AnswerSpeaker.Listener) {
    check(!closed) { "speaker closed" }
    readings += Reading(utterances, language)
    this.listener = listener
  }

  override fun stop() {
    stops++
    listener = null
  }

  override fun close() {
    closed = true
    listener = null
  }

  fun finish() = checkNotNull(listener.also { listener = null }) { "not speaking" }.onDone()

  fun fail(error: SpeakError) =
    checkNotNull(listener.also { listener = null }) { "not speaking" }.onError(error)
}

/**
 * Puts [speechInput] and the speakers [speakers] makes into the app's container of this test
 * (installed before the app's voice is first used, that is before any activity starts).
 */
class FakeVoice(
  val speechInput: FakeSpeechInput = FakeSpeechInput(),
  private val newSpeaker: () -> FakeAnswerSpeaker = { FakeAnswerSpeaker() },
) : TestRule {
  /** Every speaker the app opened, oldest first. */
  val speakers = mutableListOf<FakeAnswerSpeaker>()

  /** The speaker the app opened last. */
  val speaker: FakeAnswerSpeaker
    get() = speakers.last()

  override fun apply(base: Statement, description: Description) =
    object : Statement() {
      override fun evaluate() {
        TestLumenApplication.voice =
          object : VoiceDevices {
            override fun speechInput() = this@FakeVoice.speechInput

            override fun answerSpeaker() = newSpeaker().also { speakers += it }
          }
        try {
          base.evaluate()
        } finally {
          TestLumenApplication.voice = null
        }
      }
    }
}
