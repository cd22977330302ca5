package app.lumen.app.ui

import android.Manifest
import android.content.ComponentName
import android.content.Intent
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ApplicationProvider
import androidx.test.espresso.Espresso
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.app.engine.InferenceService
import app.lumen.app.engine.ModelLocator
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import java.io.File
import kotlinx.coroutines.Dispatchers
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TestRule
import org.junit.runner.Description
import org.junit.runner.RunWith
import org.junit.runners.model.Statement
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf

/**
 * The whole app as installed: MainActivity, the bound InferenceService (with a fake engine and a
 * fake installed package) and the app's own database, all on the main looper.
 */
@RunWith(AndroidJUnit4::class)
class MainActivityChatTest {
  private val app = ApplicationProvider.getApplicationContext<LumenApplication>()
  private val clock = VirtualClock()
  private val engine =
    FakeInferenceEngine(clock).setDefaultScript(FakeScript.answer("All ", "local."))
  private val originalFactory = InferenceService.engineFactory
  private val originalDispatcher = InferenceService.engineDispatcher

  /**
   * Installs the fake engine and connects bindService to a real service before the activity starts.
   */
  private val service =
    object : TestRule {
      override fun apply(base: Statement, description: Description) =
        object : Statement() {
          override fun evaluate() {
            InferenceService.engineFactory = { engine }
            InferenceService.engineDispatcher = Dispatchers.Main
            val models = File(InferenceService.modelsDir(app), "fake")
            models.mkdirs()
            File(models, ModelLocator.MANIFEST).writeText("{}")
            val controller = Robolectric.buildService(InferenceService::class.java).create()
            shadowOf(app)
              .setComponentNameAndServiceForBindService(
                ComponentName(app, InferenceService::class.java),
                controller.get().onBind(Intent()),
              )
            try {
              base.evaluate()
            } finally {
              InferenceService.engineFactory = originalFactory
              InferenceService.engineDispatcher = originalDispatcher
            }
          }
        }
    }

  private val compose = createAndroidComposeRule<MainActivity>()

  @get:Rule val rules: RuleChain = RuleChain.outerRule(service).around(compose)

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
