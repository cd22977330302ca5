package app.lumen.app.downloads

import app.lumen.download.CatalogEntry
import app.lumen.pkg.PackageManifest
import app.lumen.pkg.PackagePaths
import app.lumen.pkg.UnsafePathException
import java.io.File

/**
 * What an unfinished install of package [id] left in the models folder: its folder until the
 * package manifest is written, and the staging folder of an update (`.<id>.update`), both laid out
 * by the downloader. Only touched while no task of this process runs for the package.
 */
internal class UnfinishedInstall(private val modelsRoot: File, private val id: String) {
  private val packageDir = resolve(id)
  private val stagingDir = resolve(".$id.update")

  /** Bytes of [entry]'s files already on disk, verified or partial, in the package folder. */
  fun bytesOnDisk(entry: CatalogEntry): Long {
    val dir = packageDir ?: return 0
    val paths =
      entry.files().map { it.path() to it.size() } + entry.graphs().values.map { it to -1L }
    var bytes = 0L
    for ((path, size) in paths.distinctBy { it.first }) {
      val file = safe { PackagePaths.resolve(dir.toPath(), path).toFile() } ?: continue
      val onDisk = maxOf(file.length(), File(file.path + ".part").length())
      bytes += if (size >= 0) minOf(onDisk, size) else onDisk
    }
    return bytes
  }

  /**
   * Every byte in the package folder, parts and graphs' external data included: what a download
   * whose file list is only known at download time (a Hugging Face package) has already written.
   */
  fun bytesInFolder(): Long =
    packageDir?.walkTopDown()?.filter { it.isFile }?.sumOf { it.length() } ?: 0

  /** Deletes the staged update, and the package folder unless the package is installed. */
  fun delete() {
    stagingDir?.deleteRecursively()
    val dir = packageDir ?: return
    if (!File(dir, PackageManifest.FILE_NAME).exists()) dir.deleteRecursively()
  }

  private fun resolve(name: String): File? = safe {
    PackagePaths.resolve(modelsRoot.toPath(), name).toFile()
  }

  private fun <T> safe(block: () -> T): T? =
    try {
      block()
    } catch (e: UnsafePathException) {
      null
    }
}
