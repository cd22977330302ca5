package app.lumen.app.models

import android.os.Looper
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
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

/** The Models screen's state and actions, on fakes of the downloads and the models folder. */
@RunWith(AndroidJUnit4::class)
class ModelsViewModelTest {
  @get:Rule val tmp = TemporaryFolder()

  private val bed = ModelsTestBed(tmp)
  private val catalog = bed.catalog
  private val vl = catalog.first { it.family() == "qwen3_vl" }
  private val hybrid = catalog.first { it.family() == "qwen3_5" }

  private val downloads = bed.downloads
  private val folder by lazy { bed.folder }
  private val hubAnswers = bed.hubAnswers
  private val asked = bed.asked

  private fun viewModel() = bed.viewModel()

  private fun idle() = shadowOf(Looper.getMainLooper()).idle()

  private fun ModelsViewModel.row(id: String): ModelRow {
    idle()
    return uiState.value.rows.first { it.id == id }
  }

  @Test
  fun everyCatalogEntryIsListed_andOnlyFamiliesThisVersionRunsCanBeDownloaded() {
    val vm = viewModel()

    assertEquals(catalog.map { it.id() }, vm.uiState.value.rows.map { it.id })
    assertTrue(vm.row(vl.id()).supported)
    assertFalse(vm.row(hybrid.id()).supported)
    vm.download(hybrid.id())
    idle()
    assertEquals(listOf<String>(), downloads.enqueued)
    vm.download(vl.id())
    idle()
    assertEquals(listOf("${vl.id()} wifiOnly=true"), downloads.enqueued)
  }

  @Test
  fun sizesAreAskedOfTheHubForRunnableEntriesOnly_andOfflineTheyStayUnknown() {
    hubAnswers[vl.id()] = 2_000_000_000L
    val vm = viewModel()

    assertEquals(2_000_000_000L, vm.row(vl.id()).sizeBytes)
    assertNull(vm.row(catalog.first { it.family() == "qwen2_vl" }.id()).sizeBytes)
    assertFalse(asked.contains(hybrid.id()))
  }

  @Test
  fun theWifiSwitch_decidesHowTheNextDownloadRuns() {
    val vm = viewModel()
    vm.setWifiOnly(false)
    vm.download(vl.id())
    idle()
    assertEquals(listOf("${vl.id()} wifiOnly=false"), downloads.enqueued)
  }

  @Test
  fun aDownloadRefusedForSpace_isToldOnceWithTheNumbers() {
    downloads.result = EnqueueResult.NotEnoughSpace(neededBytes = 3_000, freeBytes = 1_000)
    val vm = viewModel()
    vm.download(vl.id())
    idle()
    assertEquals(ModelsNotice.NotEnoughSpace(3_000, 1_000), vm.uiState.value.notice)
    vm.noticeShown()
    idle()
    assertNull(vm.uiState.value.notice)
  }

  @Test
  fun progressComesFromTheDownloads_andAFinishedDownloadShowsAsInstalled() {
    val vm = viewModel()
    downloads.states.value = mapOf(vl.id() to PackageDownloadState.Downloading(50, 100, 10, 5))
    assertEquals(PackageDownloadState.Downloading(50, 100, 10, 5), vm.row(vl.id()).download)
    assertNull(vm.row(vl.id()).installed)

    folder.install(vl.id(), "qwen3_vl")
    downloads.states.value = mapOf(vl.id() to PackageDownloadState.Installed)

    assertNotNull(vm.row(vl.id()).installed)
    assertTrue(vm.row(vl.id()).active) // the only model is the one chats use
    assertTrue(vm.uiState.value.storage!!.modelBytes > 0)
  }

  @Test
  fun deletingAsksFirst_thenDeletesAndTheRowIsNoLongerInstalled() {
    folder.install(vl.id(), "qwen3_vl")
    val vm = viewModel()
    assertNotNull(vm.row(vl.id()).installed)

    vm.askToDelete(vl.id())
    idle()
    assertEquals(vl.id(), vm.uiState.value.confirmDelete?.id)
    assertEquals(listOf<String>(), folder.deleted)
    vm.confirmDelete()

    assertNull(vm.row(vl.id()).installed)
    assertEquals(listOf(vl.id()), folder.deleted)
    assertNull(vm.uiState.value.confirmDelete)
  }

  @Test
  fun aDeleteRefusedWhileItsDownloadRuns_keepsTheModelAndSaysWhy() {
    folder.install(vl.id(), "qwen3_vl")
    folder.busy = true
    val vm = viewModel()
    vm.askToDelete(vl.id())
    idle()
    vm.confirmDelete()

    assertNotNull(vm.row(vl.id()).installed)
    val notice = vm.uiState.value.notice as ModelsNotice.DeleteFailed
    assertEquals(vl.displayName(), notice.name)
  }

  @Test
  fun choosingAModel_makesItTheOneChatsUse() {
    folder.install("imported-a", "qwen3_vl")
    folder.install("imported-b", "qwen3_5")
    val vm = viewModel()
    assertEquals("Model imported-a", vm.row("imported-a").name)
    assertTrue(vm.row("imported-a").supported) // installed elsewhere, still listed
    assertFalse(vm.row("imported-b").supported)

    vm.makeActive("imported-a")

    assertTrue(vm.row("imported-a").active)
    assertFalse(vm.row("imported-b").active)
    assertEquals("imported-a", folder.chosen)
  }
}
