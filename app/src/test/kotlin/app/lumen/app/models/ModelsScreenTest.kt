package app.lumen.app.models

import android.content.Context
import androidx.compose.runtime.MutableState
import androidx.compose.runtime.mutableStateOf
import androidx.compose.ui.test.SemanticsNodeInteraction
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertHasClickAction
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import app.lumen.pkg.PackageFile
import app.lumen.pkg.PackageManifest
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The stateless Models screen, one row state at a time, built from hand-made states: what each row
 * says, which buttons it offers, and that their clicks reach the actions with the row's id.
 */
@RunWith(AndroidJUnit4::class)
class ModelsScreenTest {
  @get:Rule val compose = createComposeRule()

  private val context: Context = ApplicationProvider.getApplicationContext()
  private val vl: CatalogEntry = Catalog.loadDefault().entries().first { it.family() == "qwen3_vl" }

  /** Every action the screen called, as "action(argument)". */
  private val calls = mutableListOf<String>()
  private val actions =
    ModelsActions(
      onWifiOnly = { calls += "wifiOnly($it)" },
      onDownload = { calls += "download($it)" },
      onPause = { calls += "pause($it)" },
      onResume = { calls += "resume($it)" },
      onCancel = { calls += "cancel($it)" },
      onAskDelete = { calls += "askDelete($it)" },
      onConfirmDelete = { calls += "confirmDelete()" },
      onDismissDelete = { calls += "dismissDelete()" },
      onMakeActive = { calls += "makeActive($it)" },
      onClearCaches = { calls += "clearCaches()" },
    )

  private var shown: MutableState<ModelsUiState>? = null

  /** Shows [state]: the first time sets the content, later ones replace the state shown. */
  private fun show(state: ModelsUiState) {
    shown?.let { it.value = state }
      ?: mutableStateOf(state).also { holder ->
        shown = holder
        compose.setContent {
          LumenTheme(dynamicColor = false) { ModelsScreen(holder.value, actions) }
        }
      }
    compose.waitForIdle()
  }

  private fun showRow(row: ModelRow) = show(ModelsUiState(rows = listOf(row)))

  private fun row(
    download: PackageDownloadState? = null,
    installed: InstalledModel? = null,
    supported: Boolean = true,
    active: Boolean = false,
    entry: CatalogEntry? = vl,
  ) = ModelRow(ID, NAME, entry, supported, 1_500_000_000L, installed, download, active)

  private fun installed(bytes: Long = 1_234_000_000L) =
    InstalledModel(
      ID,
      PackageManifest.builder(ID, "qwen3_vl")
        .displayName(NAME)
        .graph(PackageManifest.ROLE_DECODER, "decoder.onnx")
        .file(PackageFile.withSha256("decoder.onnx", bytes, "0".repeat(64)))
        .build(),
      bytes,
    )

  /** A node with [text] inside the row's card. */
  private fun inRow(text: String, substring: Boolean = false): SemanticsNodeInteraction =
    compose.onNode(hasText(text, substring = substring) and hasAnyAncestor(hasTestTag("model-$ID")))

  private fun button(text: String) = inRow(text).assertIsDisplayed().assertHasClickAction()

  private fun assertNoButton(text: String) =
    compose
      .onNode(hasText(text) and hasClickAction() and hasAnyAncestor(hasTestTag("model-$ID")))
      .assertDoesNotExist()

  private fun text(id: Int, vararg args: Any): String = context.getString(id, *args)

  @Test
  fun notInstalled_offersDownload_withItsSizeAndMemory() {
    showRow(row())
    inRow(NAME).assertIsDisplayed()
    inRow("1.5 GB download · needs 4.3 GB of memory").assertIsDisplayed()
    compose.onNodeWithTag("download-$ID").assertIsDisplayed().performClick()
    assertEquals(listOf("download($ID)"), calls)
  }

  @Test
  fun queued_saysSo_andCanBeCancelled() {
    showRow(row(PackageDownloadState.Queued))
    inRow(text(R.string.models_queued)).assertIsDisplayed()
    assertNoButton(text(R.string.models_download))
    button(text(R.string.cancel)).performClick()
    assertEquals(listOf("cancel($ID)"), calls)
  }

  @Test
  fun waitingForWifi_saysSo_andCanBePaused() {
    showRow(row(PackageDownloadState.WaitingForNetwork(wifiOnly = true)))
    inRow("Waiting for Wi-Fi").assertIsDisplayed()
    button(text(R.string.download_pause)).performClick()
    assertEquals(listOf("pause($ID)"), calls)
  }

  @Test
  fun downloading_showsSizesSpeedAndTimeLeft_andPausesOrCancels() {
    showRow(row(PackageDownloadState.Downloading(300_000_000, 1_500_000_000, 2_500_000, 480)))
    inRow("300 MB of 1.5 GB · 2.5 MB/s · 08:00 left").assertIsDisplayed()
    assertNoButton(text(R.string.models_download))
    button(text(R.string.download_pause)).performClick()
    button(text(R.string.cancel)).performClick()
    assertEquals(listOf("pause($ID)", "cancel($ID)"), calls)
  }

  @Test
  fun downloading_withASpeedButNoTimeLeftYet_stillShowsTheSpeed() {
    showRow(row(PackageDownloadState.Downloading(300_000_000, 1_500_000_000, 2_500_000, -1)))
    inRow("300 MB of 1.5 GB · 2.5 MB/s").assertIsDisplayed()
  }

  @Test
  fun verifying_saysSo() {
    showRow(row(PackageDownloadState.Verifying))
    inRow(text(R.string.download_verifying)).assertIsDisplayed()
    assertNoButton(text(R.string.download_pause))
  }

  @Test
  fun paused_resumes() {
    showRow(row(PackageDownloadState.Paused))
    inRow(text(R.string.models_paused)).assertIsDisplayed()
    button("Resume").performClick()
    assertEquals(listOf("resume($ID)"), calls)
  }

  @Test
  fun installedAndInUse_saysSo_andDeletesAfterConfirmation_sayingWhatItFrees() {
    val row = row(installed = installed(), active = true)
    showRow(row)
    inRow("Used for chats").assertIsDisplayed()
    inRow("Installed · 1.2 GB on this phone").assertIsDisplayed()
    assertNoButton("Use for chats")
    compose.onNodeWithTag("delete-$ID").performClick()
    assertEquals(listOf("askDelete($ID)"), calls)

    show(ModelsUiState(rows = listOf(row), confirmDelete = row))
    compose.onNodeWithText("Delete $NAME?").assertIsDisplayed()
    compose.onNodeWithText("This frees 1.2 GB", substring = true).assertIsDisplayed()
    compose.onNodeWithTag("confirm-delete").performClick()
    assertEquals(listOf("askDelete($ID)", "confirmDelete()"), calls)
  }

  @Test
  fun installedNotInUse_canBeMadeTheChatModel() {
    showRow(row(installed = installed()))
    compose.onNodeWithText("Used for chats").assertDoesNotExist()
    compose.onNodeWithTag("use-$ID").assertIsDisplayed().assert(hasText("Use for chats"))
    compose.onNodeWithTag("use-$ID").performClick()
    assertEquals(listOf("makeActive($ID)"), calls)
  }

  @Test
  fun unsupported_saysSo_andOffersNoDownload() {
    showRow(row(supported = false))
    inRow("Not supported by this version").assertIsDisplayed()
    compose.onNodeWithTag("download-$ID").assertDoesNotExist()
    assertNoButton(text(R.string.models_download))
  }

  @Test
  fun failedForAReasonThatMayPass_offersRetry() {
    val reason = DownloadException.Reason.NETWORK
    showRow(row(PackageDownloadState.Failed(reason, "connection reset", retryable = true)))
    inRow("Failed: connection reset").assertIsDisplayed()
    button("Retry").performClick()
    button(text(R.string.models_discard)).performClick()
    assertEquals(listOf("download($ID)", "cancel($ID)"), calls)
  }

  @Test
  fun failedForAReasonThatStays_offersNoRetry() {
    val reason = DownloadException.Reason.INTEGRITY
    showRow(row(PackageDownloadState.Failed(reason, "sha256 mismatch", retryable = false)))
    inRow("Failed: sha256 mismatch").assertIsDisplayed()
    assertNoButton("Retry")
    button(text(R.string.models_discard)).assertIsDisplayed()
  }

  @Test
  fun damagedPackage_saysWhatIsWrong_andCanBeDeleted() {
    // Installed from elsewhere, its manifest unreadable: no catalog entry and no family.
    val damaged = InstalledModel(ID, null, 5_000_000, damage = "lumen-package.json: bad JSON")
    showRow(row(installed = damaged, supported = false, entry = null))
    inRow("Damaged: lumen-package.json: bad JSON").assertIsDisplayed()
    compose.onNodeWithText("Not supported by this version").assertDoesNotExist()
    assertNoButton("Use for chats")
    compose.onNodeWithTag("delete-$ID").performClick()
    assertEquals(listOf("askDelete($ID)"), calls)
  }

  @Test
  fun storageCard_showsFormattedNumbers_andClearsCaches() {
    show(
      ModelsUiState(
        storage =
          StorageUsage(
            listOf(installed(3_210_000_000)),
            45_600_000,
            7_890_000,
            12_300_000,
            64_000_000_000,
          )
      )
    )
    fun line(text: String) =
      compose.onNode(hasText(text) and hasAnyAncestor(hasTestTag("storage"))).assertIsDisplayed()
    line("Models: 3.2 GB")
    line("Unfinished downloads: 46 MB")
    line("Chat pictures: 7.9 MB")
    line("Caches: 12 MB")
    line("Free: 64 GB")
    compose.onNodeWithText("Clear").assertIsEnabled().performClick()
    assertEquals(listOf("clearCaches()"), calls)
  }

  @Test
  fun storageCard_withNoCaches_cannotClear() {
    show(
      ModelsUiState(
        storage = StorageUsage(listOf(installed(3_210_000_000)), 0, 0, 0, 64_000_000_000)
      )
    )
    compose.onNodeWithText("Caches: 0 B").assertIsDisplayed()
    compose.onNodeWithText("Unfinished downloads", substring = true).assertDoesNotExist()
    compose.onNodeWithText("Clear").assertIsNotEnabled().performClick()
    assertEquals(emptyList<String>(), calls)
  }

  private companion object {
    const val ID = "qwen3-vl-2b-instruct-q4"
    const val NAME = "Qwen3-VL 2B Instruct (q4)"
  }
}
