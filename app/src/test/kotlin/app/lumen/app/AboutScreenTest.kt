package app.lumen.app

import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.ui.AboutScreen
import app.lumen.app.ui.theme.LumenTheme
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class AboutScreenTest {
  @get:Rule val compose = createComposeRule()

  private val build = BuildInfo("9.9", "1.2.3", abis = listOf("arm64-v8a", "x86_64"))

  @Test
  fun phoneWithAPackagedAbi_seesVersionsAndAbisWithoutWarning() {
    compose.setContent {
      LumenTheme { AboutScreen(build, deviceAbis = listOf("arm64-v8a", "armeabi-v7a")) }
    }
    compose.onNodeWithText("Version 9.9").assertExists()
    compose.onNodeWithText("ONNX Runtime 1.2.3").assertExists()
    compose.onNodeWithText("On-device ONNX Runtime for arm64-v8a, x86_64").assertExists()
    compose.onNodeWithText("models cannot run", substring = true).assertDoesNotExist()
  }

  @Test
  fun phoneWithoutAPackagedAbi_isToldWhichApkItNeeds() {
    compose.setContent { LumenTheme { AboutScreen(build, deviceAbis = listOf("armeabi-v7a")) } }
    compose
      .onNodeWithText("This phone's processor (armeabi-v7a) is not among them", substring = true)
      .assertExists()
    compose.onNodeWithText("Install the APK built for armeabi-v7a", substring = true).assertExists()
  }

  @Test
  fun runSelfTest_opensTheSelfTest() {
    var opened = 0
    compose.setContent {
      LumenTheme {
        AboutScreen(build, deviceAbis = listOf("arm64-v8a"), onOpenSelfTest = { opened++ })
      }
    }
    compose.onNodeWithText("Run self-test").performClick()
    org.junit.Assert.assertEquals(1, opened)
  }

  @Test
  fun buildInfo_comesFromTheFilteredBuildProperties() {
    val info = BuildInfo.load()
    assertEquals("0.1.0", info.version)
    assertTrue(info.onnxRuntimeVersion.matches(Regex("""\d+\.\d+\.\d+""")))
    // The build's default ABIs (app/pom.xml lumen.abis), filtered into the resource.
    assertEquals(listOf("arm64-v8a", "x86_64"), info.abis)
  }
}
