package app.lumen.app.onboarding

import android.os.Looper
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.app.models.DeviceProfile
import app.lumen.app.models.FakeDownloadControls
import app.lumen.app.models.PackageSizes
import app.lumen.app.models.Recommendation
import app.lumen.app.models.catalogEntry
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import java.io.File
import kotlinx.coroutines.Dispatchers
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/** The first run's recommendation, download and hand-over, on fakes of the phone and downloads. */
@RunWith(AndroidJUnit4::class)
class OnboardingViewModelTest {
  @get:Rule val tmp = TemporaryFolder()

  private val gib = 1L shl 30

  /** A 4 GB vision model, an 8 GB one, a 2 GB text-only one, and one this version cannot run. */
  private val catalog: List<CatalogEntry> =
    listOf(
      catalogEntry("mid-vl", 4096, vision = true),
      catalogEntry("big-vl", 8192, vision = true),
      catalogEntry("small-text", 2048, vision = false),
      catalogEntry("hybrid", 1024, vision = true, family = "qwen3_5"),
    )

  private val downloads = FakeDownloadControls()
  private val hubSizes = mutableMapOf("mid-vl" to 3 * gib, "big-vl" to 6 * gib, "small-text" to gib)
  private var device = DeviceProfile(12 * gib, 64 * gib, lowRam = false)
  private val ended = mutableListOf<String?>()
  private val firstRun =
    object : FirstRun {
      override fun pending() = ended.isEmpty()

      override fun end(chosen: String?) {
        ended += chosen
      }
    }

  private fun viewModel(): OnboardingViewModel {
    val sizes =
      PackageSizes(File(tmp.root, "sizes.json")) {
        hubSizes[it.id()]
          ?: throw DownloadException(DownloadException.Reason.NETWORK, it.id(), "offline")
      }
    return OnboardingViewModel(
      catalog,
      downloads,
      sizes,
      readDevice = { device },
      runs = { it == "qwen3_vl" },
      firstRun = firstRun,
      io = Dispatchers.Main.immediate,
    )
  }

  private fun OnboardingViewModel.state(): OnboardingUiState {
    shadowOf(Looper.getMainLooper()).idle()
    return uiState.value
  }

  private fun OnboardingViewModel.pick() =
    (state().recommendation as Recommendation.Pick).entry.id()

  @Test
  fun aRoomyPhone_isRecommendedTheLargestVisionModel_withItsSizeFromTheHub() {
    val vm = viewModel()

    assertEquals("big-vl", vm.pick())
    assertEquals(6 * gib, vm.state().sizeBytes)
    assertEquals(device, vm.state().device)
  }

  @Test
  fun withoutPhotoQuestions_aTextOnlyModelMayBeTheFit() {
    device = DeviceProfile(3 * gib, 64 * gib, lowRam = false)
    val vm = viewModel()
    assertTrue(vm.state().recommendation is Recommendation.NoneFits)

    vm.setWantsPhotos(false)

    assertEquals("small-text", vm.pick())
  }

  @Test
  fun aSizeLearntFromTheHub_thatDoesNotFitTheStorage_changesThePick() {
    // 5 GB free: the 6 GB download does not fit, the 3 GB one does with the margin.
    device = DeviceProfile(12 * gib, 5 * gib, lowRam = false)
    val vm = viewModel()

    assertEquals("mid-vl", vm.pick())
    assertEquals(3 * gib, vm.state().sizeBytes)
  }

  @Test
  fun download_enqueuesThePickWithTheWifiChoice_andFollowsItWhateverTheAnswersBecome() {
    val vm = viewModel()
    vm.setWifiOnly(false)
    vm.state()
    vm.download()
    assertEquals(listOf("big-vl wifiOnly=false"), downloads.enqueued)

    downloads.report("big-vl", PackageDownloadState.Downloading(1, 2, 3, 4))
    vm.setWantsPhotos(false)
    assertEquals("big-vl", vm.pick())
    assertEquals(PackageDownloadState.Downloading(1, 2, 3, 4), vm.state().download)
    assertFalse(vm.state().ready)
    assertEquals(listOf<String?>(), ended)
  }

  @Test
  fun anInstalledDownload_becomesTheChatModel_endsTheFirstRun_andHandsOver() {
    val vm = viewModel()
    vm.state()
    vm.download()
    downloads.report("big-vl", PackageDownloadState.Verifying)
    assertFalse(vm.state().ready)

    downloads.report("big-vl", PackageDownloadState.Installed)

    assertTrue(vm.state().ready)
    assertEquals(listOf<String?>("big-vl"), ended)
  }

  @Test
  fun aDownloadStartedInAnEarlierRun_isFollowed_andHandsOverWhenInstalled() {
    downloads.report("big-vl", PackageDownloadState.Queued)
    val vm = viewModel()
    assertEquals(PackageDownloadState.Queued, vm.state().download)

    downloads.report("big-vl", PackageDownloadState.Installed)

    assertTrue(vm.state().ready)
    assertEquals(listOf<String?>("big-vl"), ended)
  }

  @Test
  fun aDownloadRefusedForSpace_isShown_andNothingIsFollowed() {
    downloads.result = EnqueueResult.NotEnoughSpace(neededBytes = 7 * gib, freeBytes = gib)
    val vm = viewModel()
    vm.state()
    vm.download()

    assertEquals(downloads.result, vm.state().refusal)
    assertNull(vm.state().download)
    downloads.result = EnqueueResult.Enqueued
    vm.download()
    assertNull(vm.state().refusal)
  }

  @Test
  fun aPausedDownload_isResumed_notEnqueuedAgain() {
    downloads.report("big-vl", PackageDownloadState.Paused)
    val vm = viewModel()
    vm.state()

    vm.download()

    assertEquals(listOf("big-vl"), downloads.resumed)
    assertEquals(listOf<String>(), downloads.enqueued)
  }

  @Test
  fun skip_endsTheFirstRunWithoutAModel() {
    val vm = viewModel()
    vm.skip()
    vm.state()
    assertEquals(listOf<String?>(null), ended)
    assertFalse(vm.state().ready)
  }
}
