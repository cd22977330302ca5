package app.lumen.app.downloads

import android.content.Context
import app.lumen.download.Catalog
import app.lumen.download.DownloadException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow

/**
 * The last request of each package and which ones the user paused, in the app's private
 * preferences. WorkManager has no paused state and does not show a work's input: a paused download
 * is cancelled work whose parts are kept, and this record is what tells it apart from a cancelled
 * one, and what [ModelDownloads.resume] enqueues again, after the process is gone. Written only by
 * [ModelDownloads], on its IO dispatcher.
 */
class DownloadRequests(context: Context) {
  private val prefs = context.getSharedPreferences(FILE_NAME, Context.MODE_PRIVATE)
  private val pausedIds =
    MutableStateFlow(
      prefs.all
        .filter { (key, value) -> key.startsWith(PAUSED) && value == true }
        .keys
        .map { it.removePrefix(PAUSED) }
        .toSet()
    )

  /** The paused package ids. */
  val paused: StateFlow<Set<String>> = pausedIds

  /** Records [request] as the package's latest, not paused. */
  fun put(request: DownloadRequest) {
    val id = request.entry.id()
    prefs
      .edit()
      .putString(ENTRY + id, Catalog(listOf(request.entry)).toJson())
      .putBoolean(WIFI_ONLY + id, request.wifiOnly)
      .putBoolean(PAUSED + id, false)
      .commit()
    pausedIds.value -= id
  }

  /** Marks the recorded request of [id] paused; false if there is none. */
  fun pause(id: String): Boolean {
    if (get(id) == null) return false
    prefs.edit().putBoolean(PAUSED + id, true).commit()
    pausedIds.value += id
    return true
  }

  fun isPaused(id: String) = id in pausedIds.value

  /** The recorded request of [id]; null if there is none or it no longer parses (then dropped). */
  fun get(id: String): DownloadRequest? {
    val json = prefs.getString(ENTRY + id, null) ?: return null
    val entry =
      try {
        Catalog.parse(json, "download request").find(id).orElse(null)
      } catch (e: DownloadException) {
        null
      }
    if (entry == null) {
      remove(id)
      return null
    }
    return DownloadRequest(entry, prefs.getBoolean(WIFI_ONLY + id, true))
  }

  fun remove(id: String) {
    prefs.edit().remove(ENTRY + id).remove(WIFI_ONLY + id).remove(PAUSED + id).commit()
    pausedIds.value -= id
  }

  companion object {
    /** Not backed up (see backup_rules): a download's parts stay on this phone. */
    const val FILE_NAME = "model_downloads"
    private const val ENTRY = "entry:"
    private const val WIFI_ONLY = "wifi_only:"
    private const val PAUSED = "paused:"
  }
}
