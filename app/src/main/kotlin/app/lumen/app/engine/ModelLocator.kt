package app.lumen.app.engine

import app.lumen.pkg.PackageManifest
import java.io.File

/**
 * Finds the installed model package: a folder under the models root that holds `lumen-package.json`
 * (written last by the downloader, so a folder without it is unfinished).
 */
fun interface ModelLocator {
  fun installedModel(): File?

  companion object {
    const val MANIFEST = PackageManifest.FILE_NAME

    /** The most recently installed complete package under [root]. */
    fun inFolder(root: File) = ModelLocator {
      root
        .listFiles()
        .orEmpty()
        .filter { File(it, MANIFEST).isFile }
        .maxByOrNull { File(it, MANIFEST).lastModified() }
    }
  }
}
