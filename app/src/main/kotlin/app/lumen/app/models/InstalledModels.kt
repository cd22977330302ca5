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

/** The user's choice of the model chats use, remembered across launches. */
interface ModelChoice {
  var activeModelId: String?
}

/**
 * The packages installed under [root], and which one chats use. Blocking: call it off the main
 * thread.
 *
 * @param uninstall deletes a package the way the downloader does (under its lock, manifest first)
 */
class InstalledModels(
  private val root: File,
  private val choice: ModelChoice,
  private val uninstall: (id: String) -> Unit,
) : InstalledPackages {
  /** Finds the package chats use; the engine host reads the same. */
  val locator = ModelLocator.inFolder(root) { choice.activeModelId }

  override fun list(): List<InstalledModel> = listIn(root)

  override fun delete(id: String) = uninstall(id)

  override fun activeId(): String? = locator.installedModel()?.name

  /** The name of the package chats use, as its manifest gives it; null with none installed. */
  fun activeName(): String? =
    locator.installedModel()?.let { dir ->
      try {
        PackageManifest.read(dir.toPath()).displayName()
      } catch (e: InvalidPackageException) {
        dir.name // listed by its folder, as the Models screen lists it
      }
    }

  override fun choose(id: String) {
    choice.activeModelId = id
  }

  companion object {
    /** The complete packages in [root], by id. */
    fun listIn(root: File): List<InstalledModel> =
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
