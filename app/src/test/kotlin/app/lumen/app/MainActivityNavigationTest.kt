package app.lumen.app

import androidx.compose.ui.test.assertIsSelected
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.espresso.Espresso
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.ui.runUntilShown
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class MainActivityNavigationTest {
  @get:Rule val compose = createAndroidComposeRule<MainActivity>()
  private val clock = VirtualClock()

  @Test
  fun startsOnChat() {
    compose.onNodeWithText("Chat").assertIsSelected()
    compose.runUntilShown(clock, "Everything stays on this phone")
  }

  @Test
  fun settingsTab_showsAboutWithVersionsAbis_andTheShippedLicences() {
    compose.onNodeWithText("Settings").performClick()
    compose.onNodeWithTag("about").assertExists()
    compose.onNodeWithText("Version 0.1.0").assertExists()
    compose.onNodeWithText("ONNX Runtime ${BuildInfo.load().onnxRuntimeVersion}").assertExists()
    compose.onNodeWithText("On-device ONNX Runtime for arm64-v8a, x86_64").assertExists()

    compose.onNodeWithText("Open-source licences").performClick()
    compose.onNodeWithTag("licences").assertExists()
    compose.onNodeWithText("Settings").assertIsSelected()
  }

  @Test
  fun settings_runSelfTest_opensTheSelfTestScreen_andBackReturns() {
    compose.onNodeWithText("Settings").performClick()
    compose.onNodeWithTag("open-selftest").performClick()
    compose.onNodeWithTag("selftest").assertExists()
    compose.onNodeWithText("Settings").assertIsSelected()
    compose.onNodeWithTag("selftest-run").assertExists()
    Espresso.pressBack()
    compose.onNodeWithTag("about").assertExists()
  }

  @Test
  fun espressoBack_fromModels_returnsToChat() {
    compose.onNodeWithText("Models").performClick()
    compose.onNodeWithTag("models").assertExists()
    compose.onNodeWithText("Qwen3-VL 2B Instruct (q4)").assertExists()
    Espresso.pressBack()
    compose.onNodeWithText("Chat").assertIsSelected()
    compose.runUntilShown(clock, "Everything stays on this phone")
  }
}
