package app.lumen.app.voice

import android.os.Bundle
import android.os.Looper
import android.speech.RecognizerIntent
import android.speech.SpeechRecognizer
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import java.util.Locale
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowSpeechRecognizer

/** The platform recognizer behind [SpeechInput], driven through Robolectric's recognizer. */
@RunWith(AndroidJUnit4::class)
class PlatformSpeechInputTest {
  private val input = PlatformSpeechInput(ApplicationProvider.getApplicationContext())
  private val heard = mutableListOf<String>()

  private val listener =
    object : SpeechInput.Listener {
      override fun onPartial(text: String) {
        heard += "partial: $text"
      }

      override fun onFinal(text: String) {
        heard += "final: $text"
      }

      override fun onError(error: SpeechError) {
        heard += "error: $error"
      }
    }

  private fun results(text: String) =
    Bundle().apply {
      putStringArrayList(SpeechRecognizer.RESULTS_RECOGNITION, arrayListOf(text, "other guess"))
    }

  private fun recognizer() = shadowOf(ShadowSpeechRecognizer.getLatestSpeechRecognizer())

  private fun idle() = shadowOf(Looper.getMainLooper()).idle()

  @Test
  fun asksForFreeSpeech_offline_withPartials_inTheLanguageGiven() {
    input.start(Locale.forLanguageTag("fr-FR"), listener)
    idle()

    val intent = recognizer().lastRecognizerIntent
    assertEquals(RecognizerIntent.ACTION_RECOGNIZE_SPEECH, intent.action)
    assertTrue(intent.getBooleanExtra(RecognizerIntent.EXTRA_PREFER_OFFLINE, false))
    assertTrue(intent.getBooleanExtra(RecognizerIntent.EXTRA_PARTIAL_RESULTS, false))
    assertEquals(
      RecognizerIntent.LANGUAGE_MODEL_FREE_FORM,
      intent.getStringExtra(RecognizerIntent.EXTRA_LANGUAGE_MODEL),
    )
    assertEquals("fr-FR", intent.getStringExtra(RecognizerIntent.EXTRA_LANGUAGE))
  }

  @Test
  fun partialThenFinalResults_areReported_andTheRecognizerIsDestroyed() {
    input.start(Locale.UK, listener)
    idle()
    val recognizer = recognizer()

    recognizer.triggerOnPartialResults(results("what is"))
    recognizer.triggerOnResults(results("what is this"))
    idle()

    assertEquals(listOf("partial: what is", "final: what is this"), heard)
    assertTrue(recognizer.isDestroyed)
  }

  @Test
  fun errors_areReportedAsTheirKind_once() {
    input.start(Locale.UK, listener)
    idle()
    val recognizer = recognizer()

    recognizer.triggerOnError(SpeechRecognizer.ERROR_NETWORK)
    recognizer.triggerOnError(SpeechRecognizer.ERROR_NO_MATCH)
    idle()

    assertEquals(listOf("error: NEEDS_NETWORK"), heard)
    assertTrue(recognizer.isDestroyed)
  }

  @Test
  fun cancel_destroysTheRecognizer_andReportsNothing() {
    val session = input.start(Locale.UK, listener)
    idle()
    val recognizer = recognizer()

    session.cancel()
    recognizer.triggerOnResults(results("late"))
    idle()

    assertEquals(emptyList<String>(), heard)
    assertTrue(recognizer.isDestroyed)
  }

  @Test
  fun recognizerErrorCodes_mapToTheirMessages() {
    val expected =
      mapOf(
        SpeechRecognizer.ERROR_NO_MATCH to SpeechError.NO_MATCH,
        SpeechRecognizer.ERROR_SPEECH_TIMEOUT to SpeechError.NO_MATCH,
        SpeechRecognizer.ERROR_NETWORK to SpeechError.NEEDS_NETWORK,
        SpeechRecognizer.ERROR_NETWORK_TIMEOUT to SpeechError.NEEDS_NETWORK,
        SpeechRecognizer.ERROR_SERVER to SpeechError.NEEDS_NETWORK,
        SpeechRecognizer.ERROR_RECOGNIZER_BUSY to SpeechError.BUSY,
        SpeechRecognizer.ERROR_AUDIO to SpeechError.AUDIO,
        SpeechRecognizer.ERROR_INSUFFICIENT_PERMISSIONS to SpeechError.NO_PERMISSION,
        SpeechRecognizer.ERROR_LANGUAGE_UNAVAILABLE to SpeechError.LANGUAGE,
        SpeechRecognizer.ERROR_CLIENT to SpeechError.OTHER,
      )

    assertEquals(expected, expected.mapValues { PlatformSpeechInput.speechError(it.key) })
  }
}
