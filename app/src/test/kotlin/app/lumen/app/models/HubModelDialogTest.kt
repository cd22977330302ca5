package app.lumen.app.models

import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollToNode
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.downloads.FakeModelDownloader
import app.lumen.app.ui.theme.LumenTheme
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith

/** The "From Hugging Face" dialog on the Models screen, typed into and tapped like a user would. */
@RunWith(AndroidJUnit4::class)
class HubModelDialogTest {
  @get:Rule val compose = createComposeRule()
  @get:Rule val tmp = TemporaryFolder()

  private val bed = ModelsTestBed(tmp)
  private val entry = FakeModelDownloader.hubEntry("onnx-community/Tiny-VL-ONNX")

  private fun showScreen() {
    val vm = bed.viewModel()
    compose.setContent { LumenTheme(dynamicColor = false) { ModelsScreen(vm) } }
    compose.onNodeWithTag("add-from-hub").performClick()
  }

  private fun assertShown(vararg texts: String) =
    texts.forEach { compose.onNodeWithText(it).assertIsDisplayed() }

  private fun lookUp(repo: String) {
    compose.onNodeWithTag("hub-repo").performTextReplacement(repo)
    compose.onNodeWithTag("hub-look-up").performClick()
    compose.waitForIdle()
  }

  @Test
  fun typeLookUpAndDownload_addsTheRowWithItsSize() {
    bed.hub.hubPackage = { _, _, _ -> entry }
    bed.hubAnswers[entry.id()] = 1_800_000_000L
    showScreen()

    compose.onNodeWithTag("hub-variant").assert(hasText("q4"))
    compose.onNodeWithTag("hub-repo").performTextInput("onnx-community/Tiny-VL-ONNX")
    compose.onNodeWithTag("hub-look-up").performClick()

    assertShown(
      "Tiny-VL-ONNX (q4)",
      "Qwen3-VL · q4",
      "1.8 GB download",
      "Memory need is checked before it first loads",
    )
    compose.onNodeWithTag("hub-unsupported").assertDoesNotExist()
    compose.onNodeWithTag("hub-download").performClick()

    assertEquals(listOf(entry), bed.downloads.enqueuedEntries)
    compose.onNodeWithTag("hub-repo").assertDoesNotExist()
    compose.onNodeWithTag("models").performScrollToNode(hasTestTag("model-${entry.id()}"))
    compose.onNodeWithTag("model-${entry.id()}").assertIsDisplayed()
  }

  @Test
  fun aTypo_offline_andAnUnsupportedFamily_eachSaySo_andOfferNoDownload() {
    showScreen()
    lookUp("Tiny-VL-ONNX")
    assertShown("Not a repository id: owner/name, with letters, digits, - _ and .")

    lookUp("onnx-community/Tiny-VL-ONNX")
    assertShown("Could not reach Hugging Face: onnx-community/Tiny-VL-ONNX: offline")
    compose.onNodeWithTag("hub-download").assertDoesNotExist()

    val hybrid = FakeModelDownloader.hubEntry("onnx-community/Qwen3.5-0.8B-ONNX", "qwen3_5")
    bed.hub.hubPackage = { _, _, _ -> hybrid }
    lookUp("onnx-community/Qwen3.5-0.8B-ONNX")
    assertShown("Qwen3.5-0.8B-ONNX (q4)")
    // The catalog's rows behind the dialog may say the same: this is the dialog's own line.
    compose
      .onNodeWithTag("hub-unsupported")
      .assert(hasText("Not supported by this version"))
      .assertIsDisplayed()
    compose.onNodeWithTag("hub-download").assertDoesNotExist()
    compose.onNodeWithTag("hub-look-up").assertDoesNotExist()

    compose.onNodeWithTag("hub-cancel").performClick()
    compose.onNodeWithTag("hub-repo").assertDoesNotExist()
    assertEquals(listOf<String>(), bed.downloads.enqueued)
  }
}
