package app.lumen.app.models

import app.lumen.app.engine.ModelLocator
import app.lumen.pkg.InvalidPackageException
import app.lumen.pkg.PackageManifest
import java.io.File

/**
 * A complete package in the models folder.
 *
 * @property id the folder's name, which the downloader makes the package id
 * @property manifest null when `lumen-package.json` cannot be read: the package is listed anyway,
 *   so that the user can see it and delete it
 * @property bytes everything in the folder
 */
data class InstalledModel(
  val id: String,
  val manifest: PackageManifest?,
  val bytes: Long,
  val damage: String? = null,
) {
  val displayName: String
    get() = manifest?.displayName() ?: id
}

/** Reads what is installed under [root]. Blocking: call it off the main thread. */
class InstalledModels(private val root: File) {
  fun list(): List<InstalledModel> =
    root
      .listFiles()
      .orEmpty()
      .filter { it.isDirectory && File(it, ModelLocator.MANIFEST).isFile }
      .sortedBy { it.name }
      .map(::read)

  private fun read(dir: File): InstalledModel {
    val bytes = FolderSizes.bytes(dir)
    return try {
      InstalledModel(dir.name, PackageManifest.read(dir.toPath()), bytes)
    } catch (e: InvalidPackageException) {
      InstalledModel(dir.name, null, bytes, damage = e.message)
    }
  }
}

/** Sizes of folders on disk, links not followed (a link could point anywhere). */
object FolderSizes {
  fun bytes(file: File): Long =
    when {
      java.nio.file.Files.isSymbolicLink(file.toPath()) -> 0
      file.isDirectory -> file.listFiles().orEmpty().sumOf(::bytes)
      else -> file.length()
    }
}
