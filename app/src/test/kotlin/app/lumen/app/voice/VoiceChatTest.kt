package app.lumen.app.voice

import android.Manifest
import android.app.Application
import android.content.pm.PackageManager
import android.provider.Settings
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performSemanticsAction
import androidx.compose.ui.test.performTextInput
import androidx.lifecycle.Lifecycle
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.app.ui.FakeInstalledModel
import app.lumen.app.ui.runUntilShown
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * Voice in the whole app: MainActivity with the bound InferenceService (a fake engine and a fake
 * installed package), a fake speech recognizer and a fake speech engine, all on the main looper.
 */
@RunWith(AndroidJUnit4::class)
class VoiceChatTest {
  private val clock = VirtualClock()
  // Tokens take time, as on a phone: the answer is still being written when a new chat's screen
  // hands over to the chat's own.
  private val engine =
    FakeInferenceEngine(clock)
      .setDefaultScript(
        FakeScript.builder().tokenDelayMillis(40).token("All ").token("**local**.").build()
      )
  private val voice = FakeVoice()
  private val compose = createAndroidComposeRule<MainActivity>()
  private val app = ApplicationProvider.getApplicationContext<Application>()
  private val container
    get() = (app as LumenApplication).container

  @get:Rule
  val rules: RuleChain =
    RuleChain.outerRule(voice).around(FakeInstalledModel(engine)).around(compose)

  private fun text(id: Int) = app.getString(id)

  private fun openNewChat() {
    compose.runUntilShown(clock, hasTestTag("new_chat"))
    compose.onNodeWithTag("new_chat").performClick()
    compose.waitForIdle()
  }

  /** With the microphone allowed, opens a new chat and taps its microphone. */
  private fun listenInANewChat() {
    shadowOf(app).grantPermissions(Manifest.permission.RECORD_AUDIO)
    openNewChat()
    compose.onNodeWithTag("mic").performClick()
  }

  private fun lastPermissionRequest() = shadowOf(compose.activity).lastRequestedPermission

  /** Answers the permission prompt as the user would; [permanently] when Android stops asking. */
  private fun answerMicPrompt(granted: Boolean, permanently: Boolean = false) {
    val request = checkNotNull(lastPermissionRequest()) { "nothing was asked" }
    if (granted) shadowOf(app).grantPermissions(Manifest.permission.RECORD_AUDIO)
    shadowOf(app.packageManager)
      .setShouldShowRequestPermissionRationale(
        Manifest.permission.RECORD_AUDIO,
        !granted && !permanently,
      )
    @Suppress("DEPRECATION")
    compose.activity.onRequestPermissionsResult(
      request.requestCode,
      request.requestedPermissions,
      intArrayOf(
        if (granted) PackageManager.PERMISSION_GRANTED else PackageManager.PERMISSION_DENIED
      ),
    )
    compose.waitForIdle()
  }

  private fun assertDraft(text: String) = compose.onNodeWithTag("input").assert(hasText(text))

  @Test
  fun micTap_asksForTheMicrophoneThen_andOnlyThen_thenPartialAndFinalWordsFillTheDraft() {
    openNewChat()
    assertNull(lastPermissionRequest())

    compose.onNodeWithTag("input").performTextInput("Look:")
    compose.onNodeWithTag("mic").performClick()
    assertEquals(
      listOf(Manifest.permission.RECORD_AUDIO),
      lastPermissionRequest()?.requestedPermissions?.toList(),
    )
    assertTrue(voice.speechInput.started.isEmpty())

    answerMicPrompt(granted = true)
    assertEquals(listOf(app.resources.configuration.locales[0]), voice.speechInput.started)
    voice.speechInput.hearPartial("what is")
    compose.waitForIdle()
    assertDraft("Look: what is")
    compose.onNodeWithTag("mic_listening").assertExists()
    compose.onNodeWithTag("listening").assertExists()

    voice.speechInput.hearFinal("what is this")
    compose.waitForIdle()
    assertDraft("Look: what is this")
    compose.onNodeWithTag("mic").assertExists()
    compose.onNodeWithTag("listening").assertDoesNotExist()
    // The user sends; nothing went by itself.
    clock.runCurrent()
    assertTrue(engine.requests().isEmpty())
  }

  @Test
  fun tappingWhileListening_stopsListening() {
    listenInANewChat()
    assertTrue(voice.speechInput.listening)

    compose.onNodeWithTag("mic_listening").performClick()

    assertEquals(1, voice.speechInput.stopped)
  }

  @Test
  fun micDenied_saysTheMicrophoneIsNeeded() {
    openNewChat()
    compose.onNodeWithTag("mic").performClick()

    answerMicPrompt(granted = false)

    compose.onNodeWithText(text(R.string.voice_mic_denied)).assertExists()
    compose.onNodeWithText(text(R.string.voice_open_settings)).assertDoesNotExist()
    assertTrue(voice.speechInput.started.isEmpty())
  }

  @Test
  fun micDeniedForGood_leadsToTheAppsSettings() {
    openNewChat()
    compose.onNodeWithTag("mic").performClick()

    answerMicPrompt(granted = false, permanently = true)
    compose.onNodeWithText(text(R.string.voice_mic_denied_forever)).assertExists()
    compose.onNodeWithText(text(R.string.voice_open_settings)).performClick()

    val opened = shadowOf(compose.activity).nextStartedActivity
    assertEquals(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, opened.action)
    assertEquals("package:${app.packageName}", opened.dataString)
  }

  @Test
  fun noRecognizer_saysSo_andAsksForNothing() {
    voice.speechInput.available = false
    openNewChat()

    compose.onNodeWithTag("mic").performClick()

    compose.onNodeWithText(text(R.string.voice_no_recognizer)).assertExists()
    assertNull(lastPermissionRequest())
  }

  @Test
  fun recognizerErrors_areToldPlainly_andTheDraftIsKept() {
    shadowOf(app).grantPermissions(Manifest.permission.RECORD_AUDIO)
    openNewChat()
    compose.onNodeWithTag("input").performTextInput("Mine")
    val expected =
      mapOf(
        SpeechError.NEEDS_NETWORK to R.string.voice_needs_network,
        SpeechError.NO_MATCH to R.string.voice_no_match,
        SpeechError.BUSY to R.string.voice_busy,
        SpeechError.AUDIO to R.string.voice_audio,
      )
    for ((error, message) in expected) {
      compose.onNodeWithTag("mic").performClick()
      voice.speechInput.hearPartial("half")
      voice.speechInput.fail(error)
      compose.waitForIdle()

      compose.onNodeWithText(text(message)).assertExists()
      assertDraft("Mine")
    }
    compose.onNodeWithText(text(R.string.voice_dismiss)).performClick()
    compose.onNodeWithTag("voice_notice").assertDoesNotExist()
  }

  @Test
  fun speakAQuestion_sendIt_andWithAutoReadOnTheFinishedAnswerIsRead() {
    listenInANewChat()
    compose.onNodeWithTag("auto_read").performClick()
    assertTrue(container.preferences.readAnswersAloud)

    voice.speechInput.hearFinal("Does this leave the phone?")
    compose.waitForIdle()
    assertDraft("Does this leave the phone?")
    compose.onNodeWithTag("send").performClick()

    clock.runUntil { voice.speakers.isNotEmpty() }
    assertEquals(1, engine.requests().size)
    compose
      .onNode(hasText("Does this leave the phone?") and hasAnyAncestor(hasTestTag("user_message")))
      .assertExists()
    val reading = voice.speaker.readings.single()
    assertEquals(listOf("All local."), reading.utterances)
    assertEquals(app.resources.configuration.locales[0], reading.language)
    // Stop, from the answer being read.
    compose.onNodeWithTag("stop_reading").performScrollTo().performClick()
    assertFalse(voice.speaker.speaking)
    compose.onNodeWithTag("read_aloud").assertExists()
  }

  @Test
  fun autoReadOn_anAnswerThatFinishedWhileTheAppWasAway_isNotRead() {
    openNewChat()
    compose.onNodeWithTag("auto_read").performClick()
    compose.onNodeWithTag("input").performTextInput("Does this leave the phone?")
    compose.onNodeWithTag("send").performClick()
    clock.runUntil { container.runner.busy.value }

    // The user leaves the app while the answer is written, and comes back once it is done.
    compose.activityRule.scenario.moveToState(Lifecycle.State.CREATED)
    clock.runUntil { !container.runner.busy.value }
    compose.activityRule.scenario.moveToState(Lifecycle.State.RESUMED)
    compose.runUntilShown(clock, hasTestTag("read_aloud"))
    clock.runCurrent()

    assertTrue(voice.speakers.isEmpty())
  }

  @Test
  fun autoReadOff_readsNothing_butReadAloudReadsTheAnswer() {
    openNewChat()
    compose.onNodeWithTag("input").performTextInput("Does this leave the phone?")
    compose.onNodeWithTag("send").performClick()
    compose.runUntilShown(clock, hasTestTag("read_aloud"))
    clock.runCurrent()
    assertTrue(voice.speakers.isEmpty())

    compose.onNodeWithTag("read_aloud").performScrollTo().performClick()

    assertEquals(listOf("All local."), voice.speaker.readings.single().utterances)
    compose.onNodeWithTag("stop_reading").assertExists()
    voice.speaker.finish()
    compose.waitForIdle()
    compose.onNodeWithTag("read_aloud").assertExists()
  }

  @Test
  fun settings_voiceSwitch_remembersAutoRead() {
    compose.onNodeWithText("Settings").performClick()
    // The switch may lie below the small test screen's edge: its click action works all the same.
    compose.onNodeWithTag("settings_auto_read").performSemanticsAction(SemanticsActions.OnClick)

    assertTrue(container.preferences.readAnswersAloud)
    assertTrue(container.readAloud.autoRead.value)
  }
}
