package app.lumen.app.data

import java.io.File

/**
 * Deletes picture files in [dir] that no message refers to; run at start-up. Files are normally
 * deleted at once (a photo removed from a draft, a draft left for good, a deleted chat); this
 * catches what a crash or a killed process left behind.
 *
 * A photo is copied here when it is picked, before any message refers to it, and a draft keeps it
 * across process death in the chat screen's saved state: a restored screen would show a photo the
 * sweep deleted. So an unreferenced file is only deleted once it is older than [keepUnsentMillis];
 * a draft restored after a kill is minutes old, one a day old belongs to a screen that is gone.
 *
 * Blocking; call off the main thread.
 */
class AttachmentSweep(
  private val dir: File,
  private val clock: () -> Long = System::currentTimeMillis,
  private val keepUnsentMillis: Long = KEEP_UNSENT_MILLIS,
) {
  /** Deletes the files not in [referenced] and old enough; returns how many it deleted. */
  fun sweep(referenced: Set<String>): Int {
    val keep = referenced.mapTo(HashSet()) { File(it).canonicalPath }
    val cutoff = clock() - keepUnsentMillis
    return dir.listFiles().orEmpty().count { file ->
      file.isFile && file.canonicalPath !in keep && file.lastModified() < cutoff && file.delete()
    }
  }

  companion object {
    /** A day: far longer than a restored draft can be old, short enough not to hoard photos. */
    const val KEEP_UNSENT_MILLIS = 24 * 60 * 60 * 1000L
  }
}
