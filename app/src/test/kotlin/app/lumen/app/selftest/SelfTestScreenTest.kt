package app.lumen.app.selftest

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.inference.ExecutionProvider
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class SelfTestScreenTest {
  @get:Rule val compose = createComposeRule()

  private val cpu =
    ProviderResult(
      ExecutionProvider.CPU,
      ExecutionProvider.CPU,
      null,
      412.3,
      85.25,
      listOf(1),
      null,
      null,
    )
  private val xnnpack =
    ProviderResult(
      ExecutionProvider.XNNPACK,
      ExecutionProvider.CPU,
      "xnnpack is not available in this ONNX Runtime build",
      301.0,
      80.0,
      listOf(1),
      true,
      null,
    )
  private val nnapi =
    ProviderResult(
      ExecutionProvider.NNAPI,
      ExecutionProvider.NNAPI,
      null,
      900.0,
      0.0,
      listOf(1),
      false,
      "generation: the decoder returned NaN in the logits of position 12 on nnapi",
    )

  private fun show(state: SelfTestUiState, onRun: () -> Unit = {}) =
    compose.setContent {
      LumenTheme(dynamicColor = false) { SelfTestScreen(state, onRun = onRun, onBack = {}) }
    }

  private fun inCard(provider: String, text: String) =
    compose.onNode(
      hasText(text, substring = true) and hasAnyAncestor(hasTestTag("selftest-result-$provider"))
    )

  @Test
  fun idle_offersTheRun() {
    var runs = 0
    show(SelfTestUiState.Idle) { runs++ }
    compose.onNodeWithText("Run self-test").assertIsEnabled().performClick()
    assertEquals(1, runs)
    compose.onNodeWithTag("selftest-progress").assertDoesNotExist()
  }

  @Test
  fun running_showsTheCurrentProviderAndTheFinishedOnes_andCannotStartAgain() {
    show(SelfTestUiState.Running(SelfTestProgress(ExecutionProvider.XNNPACK, listOf(cpu), 3)))
    compose.onNodeWithText("Testing xnnpack…").assertExists()
    compose.onNodeWithTag("selftest-run").assertIsNotEnabled()
    inCard("cpu", "cpu: passed").assertExists()
    inCard("cpu", "Load 412.3 ms · decode 85.3 tok/s").assertExists()
    compose.onNodeWithTag("selftest-result-xnnpack").assertDoesNotExist()
  }

  @Test
  fun writingTheModel_isSaidFirst() {
    show(SelfTestUiState.Running(SelfTestProgress(null, emptyList(), 0)))
    compose.onNodeWithText("Writing the test model…").assertExists()
  }

  @Test
  fun done_showsEveryProvider_withFallbackReasonsFiguresAndFailures() {
    show(SelfTestUiState.Done(listOf(cpu, xnnpack, nnapi)))
    compose.onNodeWithTag("selftest-summary").assertExists()
    compose.onNodeWithText("Some backends failed.").assertExists()
    compose.onNodeWithText("Run again").assertIsEnabled()
    inCard("cpu", "Ran on cpu").assertExists()
    inCard("xnnpack", "xnnpack: passed, on cpu").assertExists()
    inCard("xnnpack", "Ran on cpu instead: xnnpack is not available in this ONNX Runtime build")
      .assertExists()
    inCard("xnnpack", "Same tokens as CPU").assertExists()
    inCard("nnapi", "nnapi: failed").assertExists()
    inCard("nnapi", "Ran on nnapi").assertExists()
    inCard("nnapi", "Other tokens than CPU").assertExists()
    inCard("nnapi", "NaN in the logits of position 12").assertExists()
  }

  @Test
  fun done_allPassed_saysSo() {
    show(SelfTestUiState.Done(listOf(cpu, xnnpack)))
    compose.onNodeWithText("Every backend passed.").assertExists()
  }

  @Test
  fun failed_saysWhyTheTestCouldNotRun() {
    show(SelfTestUiState.Failed("No space left on device"))
    compose.onNodeWithText("The self-test could not run: No space left on device").assertExists()
    compose.onNodeWithText("Run again").assertIsEnabled()
  }

  /**
   * The screen bound to a real ViewModel; the runner waits on a gate the test opens, and runs
   * unconfined so it resumes on the test's own thread: no waiting on other threads.
   */
  private class GatedRunner : SelfTestRunner {
    val gate = CompletableDeferred<List<ProviderResult>>()
    var cancelled = false

    override suspend fun run(onProgress: (SelfTestProgress) -> Unit): List<ProviderResult> {
      onProgress(SelfTestProgress(ExecutionProvider.CPU, emptyList(), 1))
      try {
        return gate.await()
      } catch (e: CancellationException) {
        cancelled = true
        throw e
      }
    }
  }

  @Test
  fun viewModelBound_runShowsProgressThenResults() {
    val runner = GatedRunner()
    val vm = SelfTestViewModel(runner, background = Dispatchers.Unconfined)
    compose.setContent { LumenTheme(dynamicColor = false) { SelfTestScreen(vm, onBack = {}) } }
    compose.onNodeWithTag("selftest-run").performClick()
    compose.onNodeWithText("Testing cpu…").assertExists()

    runner.gate.complete(listOf(cpu))
    compose.waitForIdle()
    compose.onNodeWithText("Every backend passed.").assertExists()
    inCard("cpu", "cpu: passed").assertExists()
  }

  @Test
  fun leavingTheScreen_cancelsTheRun() {
    val runner = GatedRunner()
    val vm = SelfTestViewModel(runner, background = Dispatchers.Unconfined)
    var shown by mutableStateOf(true)
    compose.setContent {
      LumenTheme(dynamicColor = false) { if (shown) SelfTestScreen(vm, onBack = {}) }
    }
    compose.onNodeWithTag("selftest-run").performClick()
    compose.onNodeWithText("Testing cpu…").assertExists()

    shown = false
    compose.waitForIdle()
    assertTrue(runner.cancelled)
    assertEquals(SelfTestUiState.Idle, vm.uiState.value)
  }
}
