package app.lumen.app.onboarding

import android.app.ActivityManager
import android.net.ConnectivityManager
import android.net.NetworkCapabilities
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.work.WorkManager
import androidx.work.testing.WorkManagerTestInitHelper
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.TestLumenApplication
import app.lumen.app.VirtualClock
import app.lumen.app.downloads.DownloadWorkData
import app.lumen.app.downloads.DownloaderSource
import app.lumen.app.downloads.FakeModelDownloader
import app.lumen.app.engine.InferenceService
import app.lumen.app.models.writeInstalledPackage
import app.lumen.app.ui.FakeInstalledModel
import app.lumen.app.ui.runUntilShown
import app.lumen.download.DownloadState
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TestRule
import org.junit.runner.Description
import org.junit.runner.RunWith
import org.junit.runners.model.Statement
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowNetworkCapabilities

/**
 * A new user's first launch, through the whole app: the recommendation, its download in a real
 * WorkManager worker (the downloader is a fake the test plays), verification, and the first
 * question answered in a new chat by the model just installed.
 */
@RunWith(AndroidJUnit4::class)
class FirstRunTest {
  private val clock = VirtualClock()
  private val engine =
    FakeInferenceEngine(clock).setDefaultScript(FakeScript.answer("Hello ", "from your phone."))
  private val downloader = FakeModelDownloader()
  private val app = ApplicationProvider.getApplicationContext<LumenApplication>()
  private val compose = createAndroidComposeRule<MainActivity>()

  /** A phone with 8 GB of memory, nothing installed, that has never run the app. */
  private val newPhone =
    object : TestRule {
      override fun apply(base: Statement, description: Description) =
        object : Statement() {
          override fun evaluate() {
            val memory =
              ActivityManager.MemoryInfo().apply {
                totalMem = 8L shl 30
                availMem = 6L shl 30
              }
            shadowOf(app.getSystemService(ActivityManager::class.java)).setMemoryInfo(memory)
            app.container.preferences.firstRunDone = false
            val original = TestLumenApplication.downloaders
            TestLumenApplication.downloaders = DownloaderSource { downloader }
            // The test application's WorkManager runs the app's workers on this thread.
            try {
              base.evaluate()
            } finally {
              TestLumenApplication.downloaders = original
            }
          }
        }
    }

  @get:Rule
  val rules: RuleChain =
    RuleChain.outerRule(FakeInstalledModel(engine, withPackage = false))
      .around(newPhone)
      .around(compose)

  private val modelsDir
    get() = InferenceService.modelsDir(app)

  private fun waitFor(text: String) = compose.runUntilShown(clock, text)

  /** The phone's network: on mobile data (metered), or on Wi-Fi. */
  private fun network(wifi: Boolean) {
    val connectivity = checkNotNull(app.getSystemService(ConnectivityManager::class.java))
    val capabilities = ShadowNetworkCapabilities.newInstance()
    shadowOf(capabilities).addCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET)
    if (wifi) shadowOf(capabilities).addCapability(NetworkCapabilities.NET_CAPABILITY_NOT_METERED)
    shadowOf(connectivity).setNetworkCapabilities(connectivity.activeNetwork, capabilities)
  }

  /** The Wi-Fi the download waits for (Wi-Fi only is the default) comes up. */
  private fun connectWifi() {
    network(wifi = true)
    val work = WorkManager.getInstance(app).getWorkInfosByTag(DownloadWorkData.TAG).get().single()
    WorkManagerTestInitHelper.getTestDriver(app)!!.setAllConstraintsMet(work.id)
  }

  @Test
  fun aNewUser_downloadsTheRecommendedModel_andTheChatOpensAndAnswers() {
    network(wifi = false)
    compose.runUntilShown(clock, hasTestTag("setup-download"))
    compose.onNodeWithTag("setup-phone").assert(hasText("8", substring = true))
    compose.onNodeWithTag("setup-download").performScrollTo().performClick()
    waitFor("Waiting for Wi-Fi")
    connectWifi()

    val task = downloader.task
    compose
      .onNode(hasText(task.entry.displayName()) and hasAnyAncestor(hasTestTag("setup-pick")))
      .assertExists()
    task.state(DownloadState.DOWNLOADING)
    task.progress(bytes = 500_000, total = 2_000_000, speed = 100_000.0, eta = 15)
    compose.runUntilShown(clock, hasTestTag("download-progress"))
    writeInstalledPackage(modelsDir, task.entry.id(), family = task.entry.family())
    task.state(DownloadState.VERIFYING)
    waitFor("Verifying")
    task.finish(DownloadState.INSTALLED)

    // The new chat opens by itself, and its first question is answered by the new model.
    compose.runUntilShown(clock, hasTestTag("input"))
    compose.onNodeWithTag("input").performTextInput("Are you there?")
    compose.onNodeWithTag("send").performClick()
    waitFor("Hello from your phone.")
    assertEquals(listOf(File(modelsDir, task.entry.id()).toPath()), engine.loadedPackages())
    assertEquals(task.entry.id(), app.container.preferences.activeModelId)
    assertTrue(app.container.preferences.firstRunDone)
  }

  @Test
  fun skip_leadsToTheChats_andTheNextLaunchDoesNotAskAgain_butModelsOffersItStill() {
    compose.runUntilShown(clock, hasTestTag("setup-skip"))
    compose.onNodeWithTag("setup-skip").performScrollTo().performClick()
    compose.runUntilShown(clock, hasTestTag("search"))
    assertTrue(app.container.preferences.firstRunDone)

    compose.activityRule.scenario.recreate()
    compose.runUntilShown(clock, hasTestTag("search"))
    assertTrue(compose.onAllNodes(hasTestTag("setup")).fetchSemanticsNodes().isEmpty())

    compose.onNodeWithText("Models").performClick()
    compose.runUntilShown(clock, hasTestTag("open-setup"))
    compose.onNodeWithTag("open-setup").performScrollTo().performClick()
    compose.runUntilShown(clock, hasTestTag("setup-pick"))
    assertFalse(downloader.tasks.isNotEmpty())
  }
}
