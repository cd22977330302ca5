package app.lumen.app.models

import android.content.Context
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.inference.InferenceEngine
import app.lumen.inference.model.PackageValidator
import app.lumen.pkg.ModelFamily
import app.lumen.pkg.PackageManifest
import app.lumen.testkit.SignaturePackage
import app.lumen.testkit.TinyPackageGenerator
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.io.FilterInputStream
import java.io.IOException
import java.io.InputStream
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.shadows.ShadowCloseGuard

/**
 * Importing a package folder through the Storage Access Framework: a documents provider serves a
 * folder on disk, and the import reads it through the tree Uri the folder picker returns. Every
 * refused import must leave the models folder exactly as it was, hidden staging folders included.
 */
@RunWith(AndroidJUnit4::class)
class ModelImportTest {
  @get:Rule val tmp = TemporaryFolder()

  private val context: Context = ApplicationProvider.getApplicationContext()
  private val picked by lazy { tmp.newFolder("picked") }
  private val models by lazy { tmp.newFolder("models") }
  private var freeBytes = 1L shl 40
  private lateinit var provider: FolderDocumentsProvider

  /** The picked folder as the folder picker hands it over. */
  private fun pickedSource(): ImportSource {
    val (served, tree) = FolderDocumentsProvider.serve(picked)
    provider = served
    return DocumentTreeSource(context.contentResolver, tree)
  }

  /** What the last import told of its progress. */
  private val progress = mutableListOf<ImportProgress>()

  private fun import(source: ImportSource = pickedSource()): ImportResult = runBlocking {
    PackageImport(models) { freeBytes }.from(source) { progress += it }
  }

  /** Every file and folder under [dir] with its size: what "as it was" compares. */
  private fun listing(dir: File): Map<String, Long> =
    dir.walkTopDown().drop(1).associate { it.relativeTo(dir).path to it.length() }

  /** Imports, expecting a refusal that leaves the models folder as it was; returns the problems. */
  private fun refusedProblems(): List<String> {
    writeInstalledPackage(models, "already-here")
    val before = listing(models)
    val result = import()
    assertEquals(before, listing(models))
    return (result as? ImportResult.Invalid)?.problems
      ?: throw AssertionError("expected Invalid, got $result")
  }

  private fun editManifest(edit: (JsonObject) -> Unit) {
    val file = File(picked, PackageManifest.FILE_NAME)
    val json = JsonParser.parseString(file.readText()).asJsonObject
    edit(json)
    file.writeText(json.toString())
  }

  @Test
  fun goodPackage_isInstalledUnderItsId_validAndLoadable() {
    val tiny = TinyPackageGenerator.generate(picked.toPath(), 7, ModelFamily.QWEN3_VL)
    // Beside the package, as in a Downloads folder: not listed, so not copied and not even listed.
    File(picked, "notes.txt").writeText("not part of the package")
    File(picked, "elsewhere").mkdir()
    File(picked, "elsewhere/big.bin").writeBytes(ByteArray(1000))

    val result = import()

    val id = tiny.manifest().id()
    assertEquals(ImportResult.Imported(id, tiny.manifest().displayName()), result)
    val installed = InstalledModels.listIn(models).single()
    assertEquals(id, installed.id)
    assertEquals(tiny.manifest(), installed.manifest)
    assertEquals(listOf(id), models.list()!!.toList()) // no staging folder left
    val dir = File(models, id)
    assertFalse(File(dir, "notes.txt").exists())
    assertEquals(listOf<PackageValidator.Problem>(), PackageValidator.validate(dir.toPath()))
    InferenceEngine.create().use { engine -> engine.load(dir.toPath()).close() }
    // The picked folder and its onnx/ subfolder, nothing else of the tree.
    assertEquals(2, provider.listed.size)
    val total = tiny.manifest().totalSize()
    assertEquals(ImportProgress(0, total), progress.first())
    assertEquals(ImportProgress(total, total), progress.last())
    assertEquals(progress, progress.sortedBy { it.copiedBytes })
  }

  @Test
  fun missingFile_isRefusedNamingIt_andLeavesNothingBehind() {
    SignaturePackage.builder().writeTo(picked.toPath())
    File(picked, "tokenizer.json").delete()

    assertEquals(listOf("tokenizer.json: missing"), refusedProblems())
  }

  @Test
  fun wrongHash_isRefusedNamingTheFileAndBothDigests_andLeavesNothingBehind() {
    SignaturePackage.builder().writeTo(picked.toPath())
    val config = File(picked, "generation_config.json")
    // Whitespace: the JSON still parses and the size holds, only the hash is wrong.
    config.writeText(config.readText().replaceFirst(' ', '\t'))

    val problem = refusedProblems().single()
    assertTrue(
      problem,
      problem.matches(Regex("generation_config\\.json: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}")),
    )
  }

  @Test
  fun wrongGraphInputs_areRefusedNamingTheGraphAndTheTensor_andLeaveNothingBehind() {
    SignaturePackage.builder().embedsInput("input_embeds").writeTo(picked.toPath())

    assertEquals(
      listOf(
        SignaturePackage.DECODER_GRAPH +
          ": decoder graph: input inputs_embeds: missing; the graph has input_embeds instead" +
          " (expected the name inputs_embeds)"
      ),
      refusedProblems(),
    )
  }

  @Test
  fun aFileLargerThanItsManifestSays_isRefusedWithoutCopyingItAll() {
    SignaturePackage.builder().writeTo(picked.toPath())
    val listed = File(picked, "config.json").length()
    File(picked, "config.json").appendBytes(ByteArray(1 shl 20))

    assertEquals(
      listOf("config.json: larger than the $listed bytes lumen-package.json lists"),
      refusedProblems(),
    )
  }

  @Test
  fun aFamilyThisVersionDoesNotRun_isRefusedBeforeAnythingIsCopied() {
    SignaturePackage.builder().writeTo(picked.toPath())
    editManifest { it.addProperty("family", ModelFamily.QWEN3_5.id()) }

    assertEquals(
      listOf(
        "lumen-package.json: family: Qwen3.5 models are not supported by this version of Lumen"
      ),
      refusedProblems(),
    )
    assertEquals(listOf<String>(), provider.listed.drop(1)) // only the manifest was looked for
  }

  @Test
  fun aFolderWithoutManifest_isNotAPackage() {
    File(picked, "model.onnx").writeBytes(ByteArray(10))

    assertEquals(
      listOf("lumen-package.json: missing (not a Lumen model package)"),
      refusedProblems(),
    )
  }

  @Test
  fun manifestsThatTryToLeaveTheModelsFolder_areRefused_andWriteNothingAnywhere() {
    SignaturePackage.builder().writeTo(picked.toPath())
    val original = File(picked, PackageManifest.FILE_NAME).readText()
    // Each edit, with what its one problem must name.
    val escapes =
      listOf<Pair<List<String>, (JsonObject) -> Unit>>(
        listOf("files[0].path", "\"../../escaped.json\"") to
          { json ->
            json.getAsJsonArray("files")[0].asJsonObject.addProperty("path", "../../escaped.json")
          },
        listOf("\"id\"", "\"../escaped\"") to { json -> json.addProperty("id", "../escaped") },
        listOf("id \".escaped\"") to { json -> json.addProperty("id", ".escaped") },
      )
    writeInstalledPackage(models, "already-here")
    val everything = listing(tmp.root)
    for ((names, edit) in escapes) {
      File(picked, PackageManifest.FILE_NAME).writeText(original)
      editManifest(edit)
      val before = listing(tmp.root)

      val result = import()

      val problem =
        (result as? ImportResult.Invalid)?.problems?.single()
          ?: throw AssertionError("$names: got $result")
      assertTrue(problem, problem.startsWith("lumen-package.json: "))
      assertTrue(problem, names.all { problem.contains(it) })
      assertEquals(before, listing(tmp.root))
    }
    assertEquals(everything.keys, listing(tmp.root).keys)
  }

  @Test
  fun aPackageAlreadyInstalled_isNotReplaced() {
    val tiny = SignaturePackage.builder().writeTo(picked.toPath())
    val id = PackageManifest.read(tiny.dir()).id()
    assertTrue(import() is ImportResult.Imported)
    val before = listing(models)

    assertEquals(ImportResult.AlreadyInstalled(id), import())
    assertEquals(before, listing(models))
  }

  @Test
  fun tooLittleSpace_isRefusedWithTheNumbers_beforeCopying() {
    SignaturePackage.builder().writeTo(picked.toPath())
    val manifest = File(picked, PackageManifest.FILE_NAME)
    val needed = PackageManifest.read(picked.toPath()).totalSize() + manifest.length()
    freeBytes = needed - 1

    assertEquals(ImportResult.NotEnoughSpace(needed, needed - 1), import())
    assertEquals(listOf<String>(), models.list()!!.toList())
  }

  @Test
  fun aReadFailingHalfWay_namesTheFile_andLeavesNothingBehind() {
    SignaturePackage.builder().writeTo(picked.toPath())
    val saf = pickedSource()
    val failing = ImportSource { path ->
      val input = saf.open(path)
      if (path != SignaturePackage.DECODER_GRAPH) input else FailingAfterOneRead(input!!)
    }

    val result = import(failing)

    assertEquals(
      ImportResult.Failed("${SignaturePackage.DECODER_GRAPH}: the folder's app went away"),
      result,
    )
    assertEquals(listOf<String>(), models.list()!!.toList())
  }

  @Test
  fun cancellingMidCopy_leavesNothingBehind() = runBlocking {
    SignaturePackage.builder().writeTo(picked.toPath())
    val saf = pickedSource()
    lateinit var job: Job
    val cancelling = ImportSource { path ->
      if (path == SignaturePackage.DECODER_GRAPH) job.cancel()
      saf.open(path)
    }
    val running = async(start = CoroutineStart.LAZY) { PackageImport(models).from(cancelling) }
    job = running

    try {
      running.await()
      fail("the import went on after its cancellation")
    } catch (expected: CancellationException) {}
    assertEquals(listOf<String>(), models.list()!!.toList())
  }

  @Test
  fun everyCursorAndStreamFromTheProvider_isClosed_alsoWhenAFileIsRefusedHalfWay() {
    SignaturePackage.builder().writeTo(picked.toPath())
    File(picked, "config.json").appendBytes(ByteArray(1 shl 20))
    ShadowCloseGuard.reset()

    assertTrue(import() is ImportResult.Invalid)

    val open = ShadowCloseGuard.getErrors()
    assertTrue(open.joinToString("\n") { it.stackTraceToString() }, open.isEmpty())
  }

  @Test
  fun stagingFoldersAKilledProcessLeft_areNotListed_andTheNextImportRemovesThem() {
    val leftover = File(models, ".import-killed/half-copied").apply { mkdirs() }
    writeInstalledPackage(leftover.parentFile, "half-copied") // even with its manifest written
    assertEquals(listOf<InstalledModel>(), InstalledModels.listIn(models))
    File(picked, "empty.txt").writeText("")

    import()

    assertEquals(listOf<String>(), models.list()!!.toList())
  }

  /** Gives one buffer, then fails as a stream from a provider whose process died does. */
  private class FailingAfterOneRead(input: InputStream) : FilterInputStream(input) {
    private var reads = 0

    override fun read(b: ByteArray, off: Int, len: Int): Int {
      if (reads++ > 0) throw IOException("the folder's app went away")
      return super.read(b, off, len)
    }
  }
}
