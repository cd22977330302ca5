package app.lumen.app.engine

import app.lumen.pkg.PackageManifest
import java.io.File

/**
 * Finds the installed model package chats use: a folder under the models root that holds
 * `lumen-package.json` (written last by the downloader, so a folder without it is unfinished).
 */
fun interface ModelLocator {
  fun installedModel(): File?

  companion object {
    const val MANIFEST = PackageManifest.FILE_NAME

    /**
     * The package in folder [preferred] of [root] when it is installed, else the most recently
     * installed complete package: deleting the chosen model falls back to another instead of
     * leaving the chat with none.
     */
    fun inFolder(root: File, preferred: () -> String? = { null }) = ModelLocator {
      val installed = root.listFiles().orEmpty().filter { File(it, MANIFEST).isFile }
      val choice = preferred()
      installed.firstOrNull { it.name == choice }
        ?: installed.maxByOrNull { File(it, MANIFEST).lastModified() }
    }
  }
}
