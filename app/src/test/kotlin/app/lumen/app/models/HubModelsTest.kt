package app.lumen.app.models

import android.content.Context
import android.os.Looper
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.FakeModelDownloader
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.download.DownloadException
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.StandardTestDispatcher
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * "From Hugging Face" on the Models screen: the repository id is checked before the Hub is asked,
 * the Hub's answer or failure is shown, and a package this version runs becomes a row that
 * downloads and outlives the process.
 */
@RunWith(AndroidJUnit4::class)
class HubModelsTest {
  @get:Rule val tmp = TemporaryFolder()

  private val bed = ModelsTestBed(tmp)
  private val context: Context = ApplicationProvider.getApplicationContext()
  private val entry = FakeModelDownloader.hubEntry("onnx-community/Tiny-VL-ONNX")

  /** The preferences of the app, as a new process reads them again. */
  private fun saved() = SavedHubPackages(context)

  private fun idle() = shadowOf(Looper.getMainLooper()).idle()

  private fun ModelsViewModel.hub(): HubDialogState? {
    idle()
    return uiState.value.hub
  }

  private fun ModelsViewModel.rowOrNull(id: String): ModelRow? {
    idle()
    return uiState.value.rows.firstOrNull { it.id == id }
  }

  /** A view model on the saved list, with [entry] looked up and its download asked for. */
  private fun downloadedFromHub(): ModelsViewModel {
    bed.hub.hubPackage = { _, _, _ -> entry }
    return bed.viewModel(saved()).apply {
      lookUp("onnx-community/Tiny-VL-ONNX")
      downloadFromHub()
    }
  }

  private fun ModelsViewModel.lookUp(repo: String) {
    hubDialog.open()
    hubDialog.setRepo(repo)
    hubDialog.lookUp()
    idle()
  }

  @Test
  fun aFoundPackage_downloadsAsARow_thatOutlivesTheProcessAndShowsInstalled() {
    bed.hub.hubPackage = { _, _, _ -> entry }
    bed.hubAnswers[entry.id()] = 1_800_000_000L
    val vm = bed.viewModel(saved())

    vm.lookUp(" https://huggingface.co/onnx-community/Tiny-VL-ONNX/ ")

    assertEquals(listOf("onnx-community/Tiny-VL-ONNX@main q4"), bed.hub.hubLookups)
    assertEquals(HubStep.Found(entry, 1_800_000_000L, supported = true), vm.hub()?.step)
    assertNull(vm.rowOrNull(entry.id())) // looked up, not yet added
    vm.downloadFromHub()
    assertNull(vm.hub())
    assertEquals(listOf(entry), bed.downloads.enqueuedEntries)
    assertEquals(listOf("${entry.id()} wifiOnly=true"), bed.downloads.enqueued)
    val row = vm.rowOrNull(entry.id())!!
    assertEquals(entry, row.entry)
    assertEquals(1_800_000_000L, row.sizeBytes)

    // A new process: the row is read back, its size from the cache without asking the Hub again.
    val asked = bed.asked.size
    bed.downloads.states.value = mapOf(entry.id() to PackageDownloadState.Queued)
    val later = bed.viewModel(saved())
    assertEquals(entry, later.rowOrNull(entry.id())?.entry)
    assertEquals(PackageDownloadState.Queued, later.rowOrNull(entry.id())?.download)
    assertEquals(1_800_000_000L, later.rowOrNull(entry.id())?.sizeBytes)
    assertFalse(bed.asked.drop(asked).contains(entry.id()))

    bed.folder.install(entry.id(), "qwen3_vl")
    bed.downloads.states.value = mapOf(entry.id() to PackageDownloadState.Installed)
    val installed = later.rowOrNull(entry.id())!!
    assertNotNull(installed.installed)
    assertEquals(entry, installed.entry) // its own row, not one of a package from elsewhere
    assertEquals(1, later.uiState.value.rows.count { it.id == entry.id() })
  }

  @Test
  fun anInvalidRepositoryId_isToldAtOnce_withoutAskingTheHub() {
    val vm = bed.viewModel()
    for (typed in
      listOf("", "Qwen3-VL", "onnx-community/", "a/b/c", "x/-name", "x/na--me", "x/n m")) {
      vm.lookUp(typed)
      assertEquals(typed, HubStep.Editing(HubProblem.InvalidRepoId), vm.hub()?.step)
    }
    assertEquals(listOf<String>(), bed.hub.hubLookups)

    vm.hubDialog.setRepo("onnx-community/Tiny-VL-ONNX")
    assertEquals(HubStep.Editing(), vm.hub()?.step) // typing clears the complaint
  }

  @Test
  fun offline_saysTheHubCouldNotBeReached_andNothingIsEnqueued() {
    val vm = bed.viewModel(saved())
    vm.lookUp("onnx-community/Tiny-VL-ONNX")

    val problem = (vm.hub()?.step as HubStep.Editing).problem
    assertEquals(HubProblem.Unreachable("onnx-community/Tiny-VL-ONNX: offline"), problem)
    vm.downloadFromHub()
    assertNotNull(vm.hub()) // nothing to download: the dialog stays with its message
    assertEquals(listOf<String>(), bed.downloads.enqueued)
    assertEquals(listOf<String>(), saved().list().map { it.id() })
  }

  @Test
  fun aRepositoryTheHubLacks_isNotFound_andOneWithoutTheVariant_isUnusable() {
    val vm = bed.viewModel()
    bed.hub.hubPackage = { repo, _, _ ->
      throw DownloadException(DownloadException.Reason.HTTP, repo, "HTTP 404")
    }
    vm.lookUp("someone/missing")
    assertEquals(HubStep.Editing(HubProblem.NotFound("someone/missing: HTTP 404")), vm.hub()?.step)

    bed.hub.hubPackage = { repo, _, _ ->
      throw DownloadException(DownloadException.Reason.INVALID_INPUT, repo, "has no onnx/x_q4.onnx")
    }
    vm.hubDialog.setVariant("fp16,decoder=q4")
    vm.hubDialog.setRevision(" v2 ")
    vm.hubDialog.lookUp()
    assertEquals(
      HubStep.Editing(HubProblem.Unusable("someone/missing: has no onnx/x_q4.onnx")),
      vm.hub()?.step,
    )
    assertEquals("someone/missing@v2 fp16,decoder=q4", bed.hub.hubLookups.last())
    assertEquals(listOf<String>(), bed.downloads.enqueued)
  }

  @Test
  fun aFamilyThisVersionDoesNotRun_isShownUnsupported_andCannotBeDownloaded() {
    val hybrid = FakeModelDownloader.hubEntry("onnx-community/Qwen3.5-0.8B-ONNX", "qwen3_5")
    bed.hub.hubPackage = { _, _, _ -> hybrid }
    val vm = bed.viewModel(saved())
    vm.lookUp("onnx-community/Qwen3.5-0.8B-ONNX")

    assertEquals(HubStep.Found(hybrid, null, supported = false), vm.hub()?.step)
    assertFalse(bed.asked.contains(hybrid.id())) // no size asked for what cannot run
    vm.downloadFromHub()
    vm.download(hybrid.id())
    idle()
    assertEquals(listOf<String>(), bed.downloads.enqueued)
    assertNull(vm.rowOrNull(hybrid.id()))
    assertEquals(listOf<String>(), saved().list().map { it.id() })
  }

  @Test
  fun aDownloadRefusedForSpace_isTold_andLeavesNoRow() {
    bed.downloads.result = EnqueueResult.NotEnoughSpace(neededBytes = 3_000, freeBytes = 1_000)
    val vm = downloadedFromHub()

    assertNull(vm.hub())
    assertEquals(ModelsNotice.NotEnoughSpace(3_000, 1_000), vm.uiState.value.notice)
    assertNull(vm.rowOrNull(entry.id()))
    assertEquals(listOf<String>(), saved().list().map { it.id() })
  }

  @Test
  fun cancellingADownloadAddedFromTheHub_takesItsRowAway_forGood() {
    val vm = downloadedFromHub()
    assertNotNull(vm.rowOrNull(entry.id()))

    vm.cancel(entry.id())

    assertNull(vm.rowOrNull(entry.id()))
    assertEquals(listOf(entry.id()), bed.downloads.cancelled)
    assertNull(bed.viewModel(saved()).rowOrNull(entry.id()))
  }

  @Test
  fun deletingAnInstalledPackageAddedFromTheHub_takesItsRowAway() {
    val vm = downloadedFromHub()
    bed.folder.install(entry.id(), "qwen3_vl")
    bed.downloads.states.value = mapOf(entry.id() to PackageDownloadState.Installed)
    assertNotNull(vm.rowOrNull(entry.id())?.installed)

    vm.askToDelete(entry.id())
    idle()
    vm.confirmDelete()

    assertNull(vm.rowOrNull(entry.id()))
    assertEquals(listOf<String>(), saved().list().map { it.id() })
  }

  @OptIn(ExperimentalCoroutinesApi::class)
  @Test
  fun whileTheHubIsAsked_theDialogShowsIt_andClosingForgetsTheAnswer() {
    bed.hub.hubPackage = { _, _, _ -> entry }
    val io = StandardTestDispatcher()
    val vm = bed.viewModel(io = io)
    vm.lookUp("onnx-community/Tiny-VL-ONNX")
    assertEquals(HubStep.LookingUp, vm.hub()?.step)
    vm.hubDialog.setRepo("something/else")
    assertEquals("onnx-community/Tiny-VL-ONNX", vm.hub()?.repo) // the fields wait for the answer

    vm.hubDialog.close()
    io.scheduler.advanceUntilIdle()
    idle()
    assertNull(vm.hub())
    vm.hubDialog.open()
    assertEquals(HubDialogState(), vm.hub())

    vm.hubDialog.setRepo("onnx-community/Tiny-VL-ONNX")
    vm.hubDialog.lookUp()
    io.scheduler.advanceUntilIdle()
    idle()
    assertTrue(vm.hub()?.step is HubStep.Found)
  }
}
