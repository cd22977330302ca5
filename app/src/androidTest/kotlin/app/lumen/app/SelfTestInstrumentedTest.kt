package app.lumen.app

import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The self-test on a real device or emulator, through the app's own navigation: Settings → Run
 * self-test → Run. CPU must pass; XNNPACK and NNAPI must each report a result (passed, or fallen
 * back or failed with a reason), which the test leaves to the person reading the screen.
 */
@RunWith(AndroidJUnit4::class)
class SelfTestInstrumentedTest {
  @get:Rule val compose = createAndroidComposeRule<MainActivity>()

  @Test
  fun selfTest_fromSettings_passesOnCpu() {
    compose.onNodeWithText("Settings").performClick()
    compose.onNodeWithTag("open-selftest").performScrollTo().performClick()
    compose.onNodeWithTag("selftest-run").performClick()

    // The run goes on a background dispatcher that Compose's idling does not track: wait for the
    // summary line that only a finished run shows.
    compose.waitUntil(RUN_TIMEOUT_MILLIS) {
      compose.onAllNodes(hasTestTag("selftest-summary")).fetchSemanticsNodes().isNotEmpty()
    }
    compose
      .onNode(hasText("cpu: passed") and hasAnyAncestor(hasTestTag("selftest-result-cpu")))
      .assertExists()
    for (provider in listOf("xnnpack", "nnapi")) {
      compose.onNodeWithTag("selftest-result-$provider").performScrollTo().assertExists()
    }
  }

  private companion object {
    /** Writing the tiny model and three loads take seconds; slow emulators get a wide margin. */
    const val RUN_TIMEOUT_MILLIS = 120_000L
  }
}
