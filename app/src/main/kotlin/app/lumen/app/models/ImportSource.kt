package app.lumen.app.models

import java.io.IOException
import java.io.InputStream

/**
 * A folder the user picked to import a package from, read one file at a time by its path inside the
 * folder. Blocking: call it off the main thread. Not thread-safe: one import reads it.
 */
fun interface ImportSource {
  /**
   * Opens the file at [path], a `/`-separated path inside the folder that
   * [app.lumen.pkg.PackagePaths.checkRelative] accepted; null when the folder has no such file.
   *
   * @throws IOException when the folder or the file cannot be read (access revoked, say)
   */
  fun open(path: String): InputStream?
}
