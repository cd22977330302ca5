package app.lumen.app.ui

import android.Manifest
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.test.espresso.Espresso
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * The whole app as installed: MainActivity, the bound InferenceService (with a fake engine and a
 * fake installed package) and the app's own database, all on the main looper.
 */
@RunWith(AndroidJUnit4::class)
class MainActivityChatTest {
  private val clock = VirtualClock()
  private val engine =
    FakeInferenceEngine(clock).setDefaultScript(FakeScript.answer("All ", "local."))
  private val compose = createAndroidComposeRule<MainActivity>()

  @get:Rule val rules: RuleChain = RuleChain.outerRule(FakeInstalledModel(engine)).around(compose)

  private fun waitFor(text: String) = compose.runUntilShown(clock, text)

  @Test
  fun newChat_askAndAnswer_asksForNotificationsOnce_andTheChatIsListed() {
    compose.onNodeWithTag("new_chat").performClick()
    compose.onNodeWithTag("input").performTextInput("Does this leave the phone?")
    compose.onNodeWithTag("send").performClick()

    waitFor("All local.")
    // Android 13+: the notification permission is asked at the first send.
    assertEquals(
      listOf(Manifest.permission.POST_NOTIFICATIONS),
      shadowOf(compose.activity).lastRequestedPermission?.requestedPermissions?.toList(),
    )
    assertEquals(1, engine.requests().size)

    Espresso.pressBack()
    waitFor("Does this leave the phone?")
    compose.onNodeWithTag("conversations").assertExists()
  }
}
