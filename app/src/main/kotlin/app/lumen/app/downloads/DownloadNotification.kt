package app.lumen.app.downloads

import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.ServiceInfo
import android.net.Uri
import android.os.Build
import android.text.format.DateUtils
import android.text.format.Formatter
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.work.ForegroundInfo
import app.lumen.R
import app.lumen.app.createQuietChannel
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadProgress
import app.lumen.download.DownloadState

/** The notification of one package's download: progress, speed, time left, Pause and Cancel. */
class DownloadNotification(
  private val context: Context,
  private val entry: CatalogEntry,
  private val wifiOnly: Boolean,
) {
  /** One notification per package, so two downloads show side by side. */
  val id: Int = ("model-download:" + entry.id()).hashCode()

  fun ensureChannel() =
    createQuietChannel(
      context,
      CHANNEL_ID,
      R.string.download_channel,
      R.string.download_channel_description,
    )

  /** What the worker shows in the foreground for [kind] and the latest [progress]. */
  fun build(kind: DownloadState.Kind, progress: DownloadProgress?): ForegroundInfo {
    val builder =
      NotificationCompat.Builder(context, CHANNEL_ID)
        .setSmallIcon(android.R.drawable.stat_sys_download)
        .setContentTitle(context.getString(R.string.download_title, entry.displayName()))
        .setContentText(text(kind, progress))
        .setOngoing(true)
        .setOnlyAlertOnce(true)
        .setCategory(NotificationCompat.CATEGORY_PROGRESS)
        .addAction(
          0,
          context.getString(R.string.download_pause),
          action(DownloadActionReceiver.ACTION_PAUSE),
        )
        .addAction(
          0,
          context.getString(R.string.download_cancel),
          action(DownloadActionReceiver.ACTION_CANCEL),
        )
    val total = progress?.total() ?: -1
    if (kind == DownloadState.Kind.DOWNLOADING && total > 0) {
      builder.setProgress(PROGRESS_MAX, (progress!!.bytes() * PROGRESS_MAX / total).toInt(), false)
    } else {
      builder.setProgress(0, 0, true)
    }
    val notification = builder.build()
    return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
      ForegroundInfo(id, notification, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC)
    } else {
      ForegroundInfo(id, notification)
    }
  }

  private fun text(kind: DownloadState.Kind, progress: DownloadProgress?): String =
    when (kind) {
      DownloadState.Kind.WAITING_FOR_NETWORK ->
        context.getString(
          if (wifiOnly) R.string.download_waiting_for_wifi
          else R.string.download_waiting_for_network
        )
      DownloadState.Kind.VERIFYING -> context.getString(R.string.download_verifying)
      DownloadState.Kind.DOWNLOADING ->
        if (progress == null || progress.total() <= 0) {
          context.getString(R.string.download_starting)
        } else {
          val done = Formatter.formatShortFileSize(context, progress.bytes())
          val total = Formatter.formatShortFileSize(context, progress.total())
          val speed =
            Formatter.formatShortFileSize(context, progress.speedBytesPerSecond().toLong())
          if (progress.etaSeconds() >= 0) {
            val eta = DateUtils.formatElapsedTime(progress.etaSeconds())
            context.getString(R.string.download_progress, done, total, speed, eta)
          } else {
            context.getString(R.string.download_progress_no_eta, done, total, speed)
          }
        }
      else -> context.getString(R.string.download_starting)
    }

  /**
   * Tells how the download ended, once the worker has left the foreground: the model is ready, or
   * the download failed for good (a failure WorkManager retries is not news yet). It stays after
   * the progress notification goes, and a tap opens the app. Nothing is shown without the user's
   * permission to notify.
   */
  fun showEnd(state: DownloadState) {
    val title =
      when (state.kind()) {
        DownloadState.Kind.INSTALLED ->
          context.getString(R.string.download_ready, entry.displayName())
        DownloadState.Kind.FAILED ->
          context.getString(R.string.download_failed, entry.displayName())
        else -> return
      }
    val manager = NotificationManagerCompat.from(context)
    if (!manager.areNotificationsEnabled()) return
    val notification =
      NotificationCompat.Builder(context, CHANNEL_ID)
        .setSmallIcon(android.R.drawable.stat_sys_download_done)
        .setContentTitle(title)
        .apply { state.failure()?.let { setContentText(it.message) } }
        .setAutoCancel(true)
        .setContentIntent(openApp())
        .build()
    try {
      manager.notify(endId, notification)
    } catch (e: SecurityException) {
      // the permission was withdrawn between the check and the post: the Models screen still says
      // it
    }
  }

  /** Not [id]: WorkManager removes the foreground notification when the worker stops. */
  private val endId: Int = ("model-download-end:" + entry.id()).hashCode()

  private fun openApp(): PendingIntent? {
    val launch =
      context.packageManager.getLaunchIntentForPackage(context.packageName) ?: return null
    return PendingIntent.getActivity(context, 0, launch, PendingIntent.FLAG_IMMUTABLE)
  }

  /** An explicit broadcast to the app's unexported receiver; the data URI keeps ids apart. */
  private fun action(action: String): PendingIntent {
    val intent =
      Intent(context, DownloadActionReceiver::class.java)
        .setAction(action)
        .setData(Uri.fromParts(DownloadActionReceiver.SCHEME, entry.id(), null))
    return PendingIntent.getBroadcast(
      context,
      0,
      intent,
      PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
    )
  }

  companion object {
    const val CHANNEL_ID = "model-downloads"
    private const val PROGRESS_MAX = 1000
  }
}
