package app.lumen.app.models

import app.lumen.app.engine.ModelLocator
import app.lumen.pkg.PackageFile
import app.lumen.pkg.PackageManifest
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

  /**
   * A package folder with [bytes] of weights and a manifest written the way the downloader does.
   */
  private fun install(id: String, bytes: Int, modified: Long = 1_000_000L): File {
    val dir = File(root, id).apply { mkdirs() }
    File(dir, "decoder.onnx").writeBytes(ByteArray(bytes))
    PackageManifest.builder(id, "qwen3_vl")
      .displayName("Model $id")
      .graph(PackageManifest.ROLE_DECODER, "decoder.onnx")
      .file(PackageFile.withSha256("decoder.onnx", bytes.toLong(), "0".repeat(64)))
      .build()
      .writeTo(dir.toPath())
    File(dir, ModelLocator.MANIFEST).setLastModified(modified)
    return dir
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
