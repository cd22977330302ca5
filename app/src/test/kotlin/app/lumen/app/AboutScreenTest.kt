package app.lumen.app

import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.ui.AboutScreen
import app.lumen.app.ui.theme.LumenTheme
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class AboutScreenTest {
  @get:Rule val compose = createComposeRule()

  @Test
  fun deviceBuild_saysNativesAreIncluded() {
    compose.setContent {
      LumenTheme { AboutScreen(BuildInfo("9.9", "1.2.3", hasOnDeviceNatives = true)) }
    }
    compose.onNodeWithText("Version 9.9").assertExists()
    compose.onNodeWithText("ONNX Runtime 1.2.3").assertExists()
    compose.onNodeWithText("included (arm64-v8a)", substring = true).assertExists()
    compose.onNodeWithText("Built without", substring = true).assertDoesNotExist()
  }

  @Test
  fun runSelfTest_opensTheSelfTest() {
    var opened = 0
    compose.setContent {
      LumenTheme { AboutScreen(BuildInfo("9.9", "1.2.3", true), onOpenSelfTest = { opened++ }) }
    }
    compose.onNodeWithText("Run self-test").performClick()
    org.junit.Assert.assertEquals(1, opened)
  }

  @Test
  fun buildInfo_comesFromTheFilteredBuildProperties() {
    val info = BuildInfo.load()
    org.junit.Assert.assertEquals("0.1.0", info.version)
    org.junit.Assert.assertTrue(info.onnxRuntimeVersion.matches(Regex("""\d+\.\d+\.\d+""")))
  }
}
