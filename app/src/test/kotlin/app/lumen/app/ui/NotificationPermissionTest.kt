package app.lumen.app.ui

import android.Manifest
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ActivityScenario
import androidx.test.espresso.Espresso
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertSame
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowActivity.PermissionsRequest

/**
 * The progress notification's permission is asked at most once per install, whatever the number of
 * chats or activities (Android 13+, the permission not granted).
 */
@RunWith(AndroidJUnit4::class)
class NotificationPermissionTest {
  private val clock = VirtualClock()
  private val engine =
    FakeInferenceEngine(clock).setDefaultScript(FakeScript.answer("All ", "local."))
  private val compose = createEmptyComposeRule()

  @get:Rule val rules: RuleChain = RuleChain.outerRule(FakeInstalledModel(engine)).around(compose)

  @Test
  fun twoChatsInOneRun_askOnce() {
    ActivityScenario.launch(MainActivity::class.java).use { scenario ->
      askInANewChat("First question")
      val first = lastRequest(scenario)
      assertEquals(
        listOf(Manifest.permission.POST_NOTIFICATIONS),
        first?.requestedPermissions?.toList(),
      )

      Espresso.pressBack()
      compose.runUntilShown(clock, "First question")
      askInANewChat("Second question")

      assertSame(first, lastRequest(scenario))
      assertEquals(2, engine.requests().size)
    }
  }

  @Test
  fun newActivity_afterTheFirstWasClosed_doesNotAskAgain() {
    ActivityScenario.launch(MainActivity::class.java).use { scenario ->
      askInANewChat("First question")
      assertEquals(
        listOf(Manifest.permission.POST_NOTIFICATIONS),
        lastRequest(scenario)?.requestedPermissions?.toList(),
      )
    }

    // A new activity without saved state, as after the app was swiped away: the app still knows.
    ActivityScenario.launch(MainActivity::class.java).use { scenario ->
      askInANewChat("Second question")
      assertNull(lastRequest(scenario))
      assertEquals(2, engine.requests().size)
    }
  }

  private fun askInANewChat(question: String) {
    compose.runUntilShown(clock, hasTestTag("new_chat"))
    compose.onNodeWithTag("new_chat").performClick()
    compose.onNodeWithTag("input").performTextInput(question)
    compose.onNodeWithTag("send").performClick()
    compose.runUntilShown(clock, "All local.")
  }

  private fun lastRequest(scenario: ActivityScenario<MainActivity>): PermissionsRequest? {
    var request: PermissionsRequest? = null
    scenario.onActivity { request = shadowOf(it).lastRequestedPermission }
    return request
  }
}
