package app.lumen.app.models

import app.lumen.inference.EngineSupport
import app.lumen.inference.model.PackageValidator
import app.lumen.pkg.InvalidPackageException
import app.lumen.pkg.ModelFamily
import app.lumen.pkg.PackageManifest
import app.lumen.pkg.PackagePaths
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.FileOutputStream
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive

/** How an import ended. Whatever it says, the models folder keeps nothing of a failed import. */
sealed interface ImportResult {
  /** The package is installed in the folder [id]. */
  data class Imported(val id: String, val name: String) : ImportResult

  /**
   * The folder is not a package this version can use. Each problem is one line naming the file and
   * what is wrong with it, as `lumen validate` prints it.
   */
  data class Invalid(val problems: List<String>) : ImportResult

  /** A package, or an unfinished download of one, already has the folder [id]. */
  data class AlreadyInstalled(val id: String) : ImportResult

  /** The package's files need [neededBytes]; the models' file system has [freeBytes]. */
  data class NotEnoughSpace(val neededBytes: Long, val freeBytes: Long) : ImportResult

  /** Reading the picked folder or writing the copy failed; [message] names the file. */
  data class Failed(val message: String) : ImportResult
}

/** How far an import's copy has come: [copiedBytes] of the [totalBytes] its manifest lists. */
data class ImportProgress(val copiedBytes: Long = 0, val totalBytes: Long = 0)

/**
 * Copies a package from an [ImportSource] into the models folder [root], and installs it only when
 * it passes the checks of `lumen validate`: the manifest, every file's size and SHA-256, the
 * configs, the tokenizer, each graph's inputs and outputs, and a family this version runs.
 *
 * The copy is made in a hidden staging folder inside [root] (one file system, so the final rename
 * is atomic): `root/.import-<random>/<id>/`. The package sits one level down so that the staging
 * folder never holds a manifest of its own: the models list and the engine count a folder with a
 * manifest as installed, and must never see a half-checked import. On any failure or cancellation
 * the staging folder is deleted, so the models folder ends as it began; staging folders that a
 * killed process left are deleted when the next import starts.
 *
 * Only the manifest and the files it lists are copied: the engine reads nothing else (it refuses a
 * present but unlisted file), and the rest of a picked folder is not worth the space.
 *
 * Blocking between suspension points: run it on the io dispatcher. Cancelling stops the copy within
 * a buffer and cleans up. Imports running at once each have their own staging folder.
 *
 * @param freeBytes free space of a folder's file system (injectable: tests cannot fill a disk)
 */
class PackageImport(
  private val root: File,
  private val freeBytes: (File) -> Long = { it.usableSpace },
) {
  /**
   * Imports the package in [source]. [onProgress] hears, on the calling thread, how many bytes are
   * copied: once the manifest is read, then every [PROGRESS_STEP_BYTES] or so.
   */
  suspend fun from(source: ImportSource, onProgress: (ImportProgress) -> Unit = {}): ImportResult {
    val manifestBytes =
      try {
        Files.createDirectories(root.toPath())
        removeLeftovers()
        readManifest(source)
      } catch (e: IOException) {
        return ImportResult.Failed("$MANIFEST: ${e.message}")
      } ?: return ImportResult.Invalid(listOf("$MANIFEST: missing (not a Lumen model package)"))
    if (manifestBytes.size > MAX_MANIFEST_BYTES) {
      return ImportResult.Invalid(listOf("$MANIFEST: larger than $MAX_MANIFEST_BYTES bytes"))
    }
    val manifest =
      try {
        PackageManifest.parse(String(manifestBytes, Charsets.UTF_8), MANIFEST)
      } catch (e: InvalidPackageException) {
        return ImportResult.Invalid(lines(e.message))
      }
    refusal(manifest, manifestBytes.size)?.let {
      return it
    }
    val progress = Progress(manifest.totalSize(), onProgress)
    return copyAndCheck(source, manifest, manifestBytes, progress)
  }

  /** Why [manifest] is refused before anything is copied; null when nothing stands in the way. */
  private fun refusal(manifest: PackageManifest, manifestSize: Int): ImportResult? {
    val id = manifest.id()
    if (id.startsWith(".")) {
      // Hidden names are the app's unfinished work (staging, updates, locks), never packages.
      return ImportResult.Invalid(listOf("$MANIFEST: id \"$id\" must not start with '.'"))
    }
    val family = ModelFamily.find(manifest.family()).orElse(null)
    if (family != null && !EngineSupport.runs(family)) {
      return ImportResult.Invalid(
        listOf("$MANIFEST: family: ${EngineSupport.unsupportedMessage(family)}")
      )
    }
    // An unknown family is named by the validator, as `lumen validate` names it.
    if (File(root, id).exists()) return ImportResult.AlreadyInstalled(id)
    val needed = manifest.totalSize() + manifestSize
    val free = freeBytes(root)
    return if (needed > free) ImportResult.NotEnoughSpace(needed, free) else null
  }

  private suspend fun copyAndCheck(
    source: ImportSource,
    manifest: PackageManifest,
    manifestBytes: ByteArray,
    progress: Progress,
  ): ImportResult {
    val staging = File(root, STAGING_PREFIX + UUID.randomUUID())
    // Named after the package, so that a leftover says what it was.
    val dir = File(staging, manifest.id()).toPath()
    inUse += staging.path
    var current = MANIFEST
    try {
      Files.createDirectories(dir)
      for (file in manifest.files()) {
        current = file.path()
        // The manifest's parse checked the path; resolving it again keeps every write inside.
        val target = PackagePaths.resolve(dir, file.path())
        Files.createDirectories(target.parent)
        // A missing file is left for the validator, which names it as `lumen validate` does.
        val input = source.open(file.path()) ?: continue
        val whole =
          input.use {
            write(target.toFile()) { out -> copyWithin(it, out, file.size(), progress::add) }
          }
        if (!whole) {
          return ImportResult.Invalid(
            listOf("${file.path()}: larger than the ${file.size()} bytes $MANIFEST lists")
          )
        }
      }
      current = MANIFEST
      write(dir.resolve(MANIFEST).toFile()) { it.write(manifestBytes) }
      currentCoroutineContext().ensureActive()
      val problems =
        PackageValidator.validate(dir).map { it.message().replace("$dir${File.separator}", "") }
      if (problems.isNotEmpty()) return ImportResult.Invalid(problems)
      // Fails rather than replacing a folder that appeared meanwhile (a download of the same id).
      Files.move(dir, File(root, manifest.id()).toPath())
      return ImportResult.Imported(manifest.id(), manifest.displayName())
    } catch (e: FileAlreadyExistsException) {
      return ImportResult.AlreadyInstalled(manifest.id())
    } catch (e: InvalidPackageException) {
      return ImportResult.Invalid(lines(e.message))
    } catch (e: IOException) {
      return ImportResult.Failed("$current: ${e.message}")
    } finally {
      staging.deleteRecursively()
      inUse -= staging.path
    }
  }

  /** Deletes the staging folders of imports that a killed process left behind. */
  private fun removeLeftovers() {
    root
      .listFiles()
      .orEmpty()
      .filter { it.name.startsWith(STAGING_PREFIX) && it.path !in inUse }
      .forEach { it.deleteRecursively() }
  }

  /** The manifest's bytes, one byte past [MAX_MANIFEST_BYTES] at most; null when there is none. */
  private suspend fun readManifest(source: ImportSource): ByteArray? {
    val input = source.open(MANIFEST) ?: return null
    val bytes = ByteArrayOutputStream()
    input.use { copyWithin(it, bytes, MAX_MANIFEST_BYTES.toLong()) {} }
    return bytes.toByteArray()
  }

  /**
   * Copies [input] to [output] while it stays within [limit] bytes; false once it holds more (one
   * buffer past the limit has then been written at most).
   */
  private suspend fun copyWithin(
    input: InputStream,
    output: OutputStream,
    limit: Long,
    onCopied: (Int) -> Unit,
  ): Boolean {
    val buffer = ByteArray(BUFFER_BYTES)
    var copied = 0L
    while (true) {
      currentCoroutineContext().ensureActive()
      val read = input.read(buffer)
      if (read < 0) return true
      output.write(buffer, 0, read)
      onCopied(read)
      copied += read
      if (copied > limit) return false
    }
  }

  /**
   * Writes [file] and flushes it to the storage device before the package can be renamed into
   * place: after a power cut an installed package has whole files, as a downloaded one does.
   */
  private inline fun <T> write(file: File, body: (OutputStream) -> T): T =
    FileOutputStream(file).use { out -> body(out).also { out.fd.sync() } }

  /** Adds up the bytes copied and tells them, seldom enough that a screen can show each. */
  private class Progress(
    private val total: Long,
    private val onProgress: (ImportProgress) -> Unit,
  ) {
    private var copied = 0L
    private var told = 0L

    init {
      onProgress(ImportProgress(0, total))
    }

    fun add(bytes: Int) {
      copied += bytes
      if (copied - told >= PROGRESS_STEP_BYTES || copied == total) {
        told = copied
        onProgress(ImportProgress(copied, total))
      }
    }
  }

  private fun lines(message: String?): List<String> =
    message.orEmpty().split('\n').filter { it.isNotBlank() }

  private companion object {
    const val MANIFEST = PackageManifest.FILE_NAME
    /** Hidden, so neither the models list nor a folder browser shows an import under way. */
    const val STAGING_PREFIX = ".import-"
    /** Far above any real manifest (a few KiB), low enough to read into memory. */
    const val MAX_MANIFEST_BYTES = 1 shl 20
    const val BUFFER_BYTES = 256 * 1024
    /** 500 steps for a 2 GB model: a smooth bar without a state per buffer. */
    const val PROGRESS_STEP_BYTES = 4L shl 20
    /** Staging folders of imports running in this process, which a new import must not delete. */
    val inUse: MutableSet<String> = ConcurrentHashMap.newKeySet()
  }
}
