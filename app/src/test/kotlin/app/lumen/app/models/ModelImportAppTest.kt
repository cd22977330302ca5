package app.lumen.app.models

import android.app.Activity
import android.content.Intent
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollToNode
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.VirtualClock
import app.lumen.app.ui.runUntilShown
import app.lumen.pkg.PackageManifest
import app.lumen.testkit.SignaturePackage
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * The whole way through the app: the Models screen's button opens the system's folder picker, and
 * the folder it returns is imported and listed.
 */
@RunWith(AndroidJUnit4::class)
class ModelImportAppTest {
  @get:Rule val compose = createAndroidComposeRule<MainActivity>()
  @get:Rule val tmp = TemporaryFolder()
  private val clock = VirtualClock()

  @Test
  fun importFolder_opensTheFolderPicker_andThePickedPackageIsInstalledAndListed() {
    val picked = tmp.newFolder("picked")
    val manifest = PackageManifest.read(SignaturePackage.builder().writeTo(picked.toPath()).dir())
    val (_, tree) = FolderDocumentsProvider.serve(picked)

    compose.onNodeWithText("Models").performClick()
    compose.onNodeWithTag("import-folder").performClick()
    val activity = shadowOf(compose.activity)
    val picker = activity.nextStartedActivityForResult
    assertEquals(Intent.ACTION_OPEN_DOCUMENT_TREE, picker.intent.action)
    activity.receiveResult(picker.intent, Activity.RESULT_OK, Intent().setData(tree))

    compose.runUntilShown(clock, "Imported ${manifest.displayName()}")
    compose.onNodeWithTag("models").performScrollToNode(hasTestTag("model-${manifest.id()}"))
    val container = (compose.activity.application as LumenApplication).container
    assertEquals(listOf(manifest.id()), container.installedModels.list().map { it.id })
  }

  @Test
  fun aCancelledPicker_importsNothing() {
    compose.onNodeWithText("Models").performClick()
    compose.onNodeWithTag("import-folder").performClick()
    val activity = shadowOf(compose.activity)
    val picker = activity.nextStartedActivityForResult

    activity.receiveResult(picker.intent, Activity.RESULT_CANCELED, null)
    compose.waitForIdle()

    val container = (compose.activity.application as LumenApplication).container
    assertEquals(listOf<InstalledModel>(), container.installedModels.list())
    compose.onNodeWithTag("importing").assertDoesNotExist()
    compose.onNodeWithTag("import-folder").assertIsEnabled()
  }
}
