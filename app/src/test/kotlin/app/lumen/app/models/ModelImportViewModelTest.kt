package app.lumen.app.models

import android.content.Context
import android.os.Looper
import android.text.format.Formatter
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.download.CatalogEntry
import app.lumen.inference.EngineSupport
import app.lumen.pkg.PackageManifest
import app.lumen.testkit.SignaturePackage
import java.io.File
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.test.StandardTestDispatcher
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * Import from the Models screen: the ViewModel with the real import on a folder served through the
 * Storage Access Framework, its blocking work on a test dispatcher run step by step; and the
 * screen's "Importing…" state and notices.
 */
@OptIn(ExperimentalCoroutinesApi::class)
@RunWith(AndroidJUnit4::class)
class ModelImportViewModelTest {
  @get:Rule val tmp = TemporaryFolder()
  @get:Rule val compose = createComposeRule()

  private val context: Context = ApplicationProvider.getApplicationContext()
  private val io = StandardTestDispatcher()
  private val picked by lazy { tmp.newFolder("picked") }
  private val models by lazy { tmp.newFolder("models") }

  private fun viewModel(): ModelsViewModel {
    val choice =
      object : ModelChoice {
        override var activeModelId: String? = null
      }
    return ModelsViewModel(
      catalog = emptyList(),
      downloads = NoDownloads,
      installed = InstalledModels(models, choice) { File(models, it).deleteRecursively() },
      sizes = PackageSizes(File(tmp.root, "sizes.json")) { error("no catalog, nothing to ask") },
      storage = StorageReport(models, tmp.newFolder("pictures"), tmp.newFolder("cache")),
      runs = EngineSupport::runs,
      io = io,
      imports = PackageImport(models),
    )
  }

  private fun pickedSource(): ImportSource {
    val (_, tree) = FolderDocumentsProvider.serve(picked)
    return DocumentTreeSource(context.contentResolver, tree)
  }

  private fun idle() = shadowOf(Looper.getMainLooper()).idle()

  /** Runs the blocking work queued so far and what the main thread does with its results. */
  private fun runIo() {
    idle()
    io.scheduler.advanceUntilIdle()
    idle()
  }

  @Test
  fun importingAGoodFolder_showsImporting_thenTheNoticeAndTheNewRow() {
    val pkg = SignaturePackage.builder().writeTo(picked.toPath())
    val manifest = PackageManifest.read(pkg.dir())
    val vm = viewModel()
    runIo()
    assertEquals(listOf<ModelRow>(), vm.uiState.value.rows)

    vm.importFolder(pickedSource())
    idle()
    assertEquals(ImportProgress(), vm.uiState.value.importing)
    vm.importFolder(pickedSource()) // a second pick while the first runs is ignored
    runIo()
    runIo() // the refresh after the import

    val state = vm.uiState.value
    assertNull(state.importing)
    assertEquals(ModelsNotice.Imported(manifest.displayName()), state.notice)
    val row = state.rows.single()
    assertEquals(manifest.id(), row.id)
    assertEquals(manifest, row.installed?.manifest)
    assertTrue(row.supported)
    vm.noticeShown()
    idle()
    assertNull(vm.uiState.value.notice)
  }

  @Test
  fun importingABrokenFolder_showsItsFirstProblem_andAddsNoRow() {
    SignaturePackage.builder().writeTo(picked.toPath())
    File(picked, "tokenizer.json").delete()
    File(picked, "generation_config.json").delete()
    val vm = viewModel()

    vm.importFolder(pickedSource())
    runIo()
    runIo()

    val state = vm.uiState.value
    assertNull(state.importing)
    assertEquals(listOf<ModelRow>(), state.rows)
    val notice = state.notice as ModelsNotice.ImportRefused
    assertEquals(1, notice.more)
    assertTrue(
      notice.problem,
      notice.problem in setOf("tokenizer.json: missing", "generation_config.json: missing"),
    )
    assertEquals(listOf<String>(), models.list()!!.toList())
  }

  @Test
  fun theScreen_whileImporting_saysSo_andOffersNoSecondImport() {
    var clicks = 0
    val progress = ImportProgress(copiedBytes = 512L shl 20, totalBytes = 2L shl 30)
    compose.setContent {
      LumenTheme(dynamicColor = false) {
        ModelsScreen(
          ModelsUiState(importing = progress),
          ModelsActions(onImportFolder = { clicks++ }),
        )
      }
    }

    val copied = Formatter.formatShortFileSize(context, progress.copiedBytes)
    val total = Formatter.formatShortFileSize(context, progress.totalBytes)
    compose
      .onNodeWithText(context.getString(R.string.models_importing_bytes, copied, total))
      .assertIsDisplayed()
    compose.onNodeWithTag("import-folder").assertIsNotEnabled().performClick()
    assertEquals(0, clicks)
  }

  @Test
  fun theScreen_showsARefusalWithItsProblemAndHowManyMore() {
    compose.setContent {
      LumenTheme(dynamicColor = false) {
        ModelsScreen(
          ModelsUiState(notice = ModelsNotice.ImportRefused("tokenizer.json: missing", more = 2)),
          ModelsActions(),
        )
      }
    }

    compose
      .onNodeWithText("Not imported: tokenizer.json: missing (and 2 more problems)")
      .assertIsDisplayed()
  }

  private object NoDownloads : DownloadControls {
    override fun states() = flowOf(emptyMap<String, PackageDownloadState>())

    override suspend fun enqueue(entry: CatalogEntry, wifiOnly: Boolean) = EnqueueResult.Enqueued

    override suspend fun pause(id: String) = false

    override suspend fun resume(id: String) = EnqueueResult.Enqueued

    override suspend fun cancel(id: String) {}
  }
}
