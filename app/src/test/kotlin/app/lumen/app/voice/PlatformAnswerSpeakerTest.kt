package app.lumen.app.voice

import android.os.Looper
import android.speech.tts.TextToSpeech
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import java.util.Locale
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowTextToSpeech

/** The platform text-to-speech engine behind [AnswerSpeaker], through Robolectric's engine. */
@RunWith(AndroidJUnit4::class)
class PlatformAnswerSpeakerTest {
  private val speaker = PlatformAnswerSpeaker(ApplicationProvider.getApplicationContext())
  private val engine = shadowOf(ShadowTextToSpeech.getLastTextToSpeechInstance())
  private val ended = mutableListOf<String>()
  private val listener =
    object : AnswerSpeaker.Listener {
      override fun onDone() {
        ended += "done"
      }

      override fun onError(error: SpeakError) {
        ended += "error: $error"
      }
    }

  private fun idle() = shadowOf(Looper.getMainLooper()).idle()

  private fun engineStarts(status: Int = TextToSpeech.SUCCESS) {
    engine.onInitListener.onInit(status)
    idle()
  }

  @Test
  fun aReadingAskedBeforeTheEngineIsReady_waitsForIt_thenSpeaksEveryUtterance() {
    speaker.speak(listOf("First part.", "Second part."), Locale.UK, listener)
    idle()
    assertTrue(engine.spokenTextList.isEmpty())

    engineStarts()

    assertEquals(listOf("First part.", "Second part."), engine.spokenTextList)
  }

  @Test
  fun theEngineFinishingEveryUtterance_endsTheReadingOnce() {
    engineStarts()
    // Robolectric's engine reports each utterance done as soon as it is queued.
    speaker.speak(listOf("First part.", "Second part."), Locale.UK, listener)
    idle()

    assertEquals(listOf("done"), ended)
    assertEquals(listOf("First part.", "Second part."), engine.spokenTextList)
  }

  @Test
  fun aReplacedReading_isNotReportedAsEnded() {
    engineStarts()
    val first = mutableListOf<String>()
    speaker.speak(
      listOf("Old answer."),
      Locale.UK,
      object : AnswerSpeaker.Listener {
        override fun onDone() {
          first += "done"
        }

        override fun onError(error: SpeakError) {
          first += "error"
        }
      },
    )
    speaker.speak(listOf("New answer."), Locale.UK, listener)
    idle()

    assertEquals(emptyList<String>(), first)
    assertEquals(listOf("done"), ended)
  }

  @Test
  fun theAnswersLanguage_isUsedWhenTheEngineHasIt() {
    ShadowTextToSpeech.addLanguageAvailability(Locale.forLanguageTag("ru"))
    engineStarts()

    speaker.speak(listOf("Это мёд."), Locale.forLanguageTag("ru"), listener)

    assertEquals(Locale.forLanguageTag("ru"), engine.currentLanguage)
  }

  @Test
  fun aLanguageTheEngineLacks_isNotAsked() {
    engineStarts()

    speaker.speak(listOf("これは蜂蜜です"), Locale.forLanguageTag("ja"), listener)

    assertNotEquals(Locale.forLanguageTag("ja"), engine.currentLanguage)
    assertEquals(listOf("これは蜂蜜です"), engine.spokenTextList)
  }

  @Test
  fun anEngineThatWillNotStart_isReportedAsNoEngine() {
    speaker.speak(listOf("Honey."), Locale.UK, listener)

    engineStarts(TextToSpeech.ERROR)

    assertEquals(listOf("error: NO_ENGINE"), ended)
  }

  @Test
  fun stopAndClose_stopAndShutTheEngine() {
    engineStarts()
    speaker.speak(listOf("Honey."), Locale.UK, listener)

    speaker.stop()
    assertTrue(engine.isStopped)
    speaker.close()

    assertTrue(engine.isShutdown)
    engine.utteranceProgressListener.onDone("1:0")
    idle()
    assertEquals(emptyList<String>(), ended)
  }
}
