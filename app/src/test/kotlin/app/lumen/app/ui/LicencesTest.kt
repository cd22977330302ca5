package app.lumen.app.ui

import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performScrollToNode
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.ui.theme.LumenTheme
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/** The notices the APK ships for ONNX Runtime: where it came from, its licence, its notices. */
@RunWith(AndroidJUnit4::class)
class LicencesTest {
  @get:Rule val compose = createComposeRule()

  private val shipped =
    Licences.read(ApplicationProvider.getApplicationContext<android.content.Context>().assets)

  @Test
  fun onnxRuntime_notice_licence_andThirdPartyNotices_shipInThatOrder() {
    assertEquals(
      listOf("onnxruntime: NOTICE", "onnxruntime: LICENSE", "onnxruntime: ThirdPartyNotices"),
      shipped.map { it.title },
    )
    val notice = shipped[0].paragraphs.joinToString("\n")
    assertTrue(notice, notice.contains("com.microsoft.onnxruntime:onnxruntime-android 1.29.0"))
    assertTrue(
      notice,
      notice.contains("98cddbac92640b4a6af72a03c42e0491851f366d3da66bbaeb5dd66310946cf2"),
    )
    assertTrue(shipped[1].paragraphs[0].startsWith("MIT License"))
    assertTrue(shipped[2].paragraphs.size > 100)
  }

  @Test
  fun screen_showsEachFileWithItsText() {
    compose.setContent { LumenTheme { LicencesScreen(shipped.take(2)) } }
    compose.onNodeWithText("onnxruntime: NOTICE").assertExists()
    compose.onNodeWithText("ONNX Runtime 1.29.0 for Android").assertExists()
    // Further down the lazy list: scroll to it as a reader would.
    compose.onNodeWithTag("licences").performScrollToNode(hasText("MIT License", substring = true))
    compose.onNodeWithText("MIT License", substring = true).assertIsDisplayed()
  }
}
