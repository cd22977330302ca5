package app.lumen.app.downloads

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import app.lumen.app.LumenApplication
import kotlinx.coroutines.launch

/**
 * Pause and Cancel from the download notification. Not exported: only the app's own PendingIntents
 * ([DownloadNotification]) reach it.
 */
class DownloadActionReceiver : BroadcastReceiver() {
  override fun onReceive(context: Context, intent: Intent) {
    val id = intent.data?.schemeSpecificPart ?: return
    val container = (context.applicationContext as LumenApplication).container
    val pending = goAsync()
    container.scope.launch {
      try {
        when (intent.action) {
          ACTION_PAUSE -> container.downloads.pause(id)
          ACTION_CANCEL -> container.downloads.cancel(id)
        }
      } finally {
        pending.finish()
      }
    }
  }

  companion object {
    const val ACTION_PAUSE = "app.lumen.download.PAUSE"
    const val ACTION_CANCEL = "app.lumen.download.CANCEL"
    const val SCHEME = "lumen-download"
  }
}
