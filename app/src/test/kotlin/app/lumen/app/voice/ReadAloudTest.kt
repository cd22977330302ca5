package app.lumen.app.voice

import android.os.Looper
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.data.Author
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import java.time.Duration
import java.util.Locale
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * Answers read aloud through a fake speaker, on the main looper; the idle time before the engine is
 * closed passes on Robolectric's paused looper clock.
 */
@RunWith(AndroidJUnit4::class)
class ReadAloudTest {
  private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Main)
  private val speakers = mutableListOf<FakeAnswerSpeaker>()
  private var maxLength = 4000
  private val setting =
    object : ReadAloud.AutoReadSetting {
      override var readAnswersAloud = false
    }
  private val readAloud =
    ReadAloud(
      { FakeAnswerSpeaker(maxLength).also { speakers += it } },
      scope,
      { Locale.UK },
      setting,
      idleMillis = 60_000,
    )

  @After fun tearDown() = scope.cancel()

  private fun answer(id: Long, text: String, thinking: String? = null) =
    Message(id, 1, Author.ASSISTANT, text, thinking, MessageStatus.COMPLETE, null, null, 0, null)

  /** Runs what is due now (a timer being set), then lets [millis] pass on the looper's clock. */
  private fun idleFor(millis: Long) {
    val looper = shadowOf(Looper.getMainLooper())
    looper.idle()
    looper.idleFor(Duration.ofMillis(millis))
  }

  @Test
  fun read_speaksThePlainWords_neverTheThinking_inTheAnswersLanguage() {
    readAloud.read(answer(7, "## Итог\n\nЭто **мёд**.", thinking = "The user asks about a jar"))

    val reading = speakers.single().readings.single()
    assertEquals(listOf("Итог\nЭто мёд."), reading.utterances)
    assertEquals(Locale.forLanguageTag("ru"), reading.language)
    assertEquals(7L, readAloud.reading.value)

    speakers.single().finish()
    assertNull(readAloud.reading.value)
  }

  @Test
  fun latinAnswers_areReadInTheAppsLanguage() {
    readAloud.read(answer(1, "It is *honey*."))

    assertEquals(Locale.UK, speakers.single().readings.single().language)
  }

  @Test
  fun longAnswers_areSplitUnderTheEnginesLimit() {
    maxLength = 20
    readAloud.read(answer(1, "The jar holds honey. It was made in May. Keep it dry."))

    assertEquals(
      listOf("The jar holds honey.", "It was made in May.", "Keep it dry."),
      speakers.single().readings.single().utterances,
    )
  }

  @Test
  fun stop_stopsTheSpeaker_andNothingIsBeingRead() {
    readAloud.read(answer(1, "Honey."))

    readAloud.stop()

    assertFalse(speakers.single().speaking)
    assertEquals(1, speakers.single().stops)
    assertNull(readAloud.reading.value)
  }

  @Test
  fun theEngine_startsOnFirstUse_andClosesAfterBeingIdle_thenStartsAgain() {
    assertTrue(speakers.isEmpty())
    readAloud.read(answer(1, "Honey."))
    speakers.single().finish()

    idleFor(59_000)
    assertFalse(speakers.single().closed)
    idleFor(1_000)
    assertTrue(speakers.single().closed)

    readAloud.read(answer(2, "Jam."))
    assertEquals(2, speakers.size)
    assertEquals(listOf("Jam."), speakers[1].readings.single().utterances)
  }

  @Test
  fun aReadingWithinTheIdleTime_keepsTheEngine() {
    readAloud.read(answer(1, "Honey."))
    speakers.single().finish()
    idleFor(59_000)

    readAloud.read(answer(2, "Jam."))
    idleFor(2_000)

    assertFalse(speakers.single().closed)
    assertEquals(2, speakers.single().readings.size)
  }

  @Test
  fun noEngine_isReported_andTheSpeakerClosed() {
    readAloud.read(answer(1, "Honey."))

    speakers.single().fail(SpeakError.NO_ENGINE)

    assertEquals(SpeakError.NO_ENGINE, readAloud.problem.value)
    assertTrue(speakers.single().closed)
    assertNull(readAloud.reading.value)
  }

  @Test
  fun autoReadOn_readsAFinishedAnswerOnce_andIsRemembered() {
    readAloud.setAutoRead(true)
    assertTrue(setting.readAnswersAloud)

    readAloud.readFinished(answer(3, "Honey."))
    readAloud.readFinished(answer(3, "Honey."))

    assertEquals(1, speakers.single().readings.size)
  }

  @Test
  fun autoReadOff_readsNothing() {
    readAloud.readFinished(answer(3, "Honey."))

    assertTrue(speakers.isEmpty())
  }
}
