package app.lumen.app.models

import app.lumen.app.engine.ModelLocator
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class InstalledModelsTest {
  @get:Rule val tmp = TemporaryFolder()

  private val root by lazy { tmp.newFolder("models") }

  private fun install(id: String, bytes: Int, modified: Long = 1_000_000L): File =
    writeInstalledPackage(root, id, bytes = bytes).also {
      File(it, ModelLocator.MANIFEST).setLastModified(modified)
    }

  @Test
  fun list_showsCompletePackagesWithTheirBytes_andSkipsUnfinishedFolders() {
    install("b", 300)
    install("a", 100)
    File(root, "c-unfinished").mkdirs()
    File(root, "c-unfinished/decoder.onnx.part").writeBytes(ByteArray(50))

    val models = InstalledModels.listIn(root)

    assertEquals(listOf("a", "b"), models.map { it.id })
    assertEquals(listOf("Model a", "Model b"), models.map { it.displayName })
    val manifestA = File(root, "a/${ModelLocator.MANIFEST}").length()
    assertEquals(100 + manifestA, models[0].bytes)
  }

  @Test
  fun aPackageWithAnUnreadableManifest_isListedAsDamaged_soItCanBeDeleted() {
    File(root, "broken").mkdirs()
    File(root, "broken/${ModelLocator.MANIFEST}").writeText("{ not json")

    val model = InstalledModels.listIn(root).single()

    assertEquals("broken", model.displayName)
    assertNull(model.manifest)
    assertNotNull(model.damage)
  }

  @Test
  fun locator_prefersTheChosenModel_andFallsBackToTheNewestWhenItIsGone() {
    install("old", 10, modified = 1_000_000L)
    val chosen = install("chosen", 10, modified = 2_000_000L)
    install("newest", 10, modified = 3_000_000L)
    var preferred: String? = "chosen"
    val locator = ModelLocator.inFolder(root) { preferred }

    assertEquals(chosen, locator.installedModel())
    chosen.deleteRecursively()
    assertEquals("newest", locator.installedModel()?.name)
    preferred = null
    assertEquals("newest", locator.installedModel()?.name)
  }
}
