package app.lumen.app

import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import androidx.annotation.StringRes

/**
 * Creates (or renames) a low-importance channel: ongoing progress the user sees without a sound.
 * Safe to call before every notification; the system keeps the user's settings of a channel.
 */
fun createQuietChannel(
  context: Context,
  id: String,
  @StringRes name: Int,
  @StringRes description: Int,
) {
  val channel = NotificationChannel(id, context.getString(name), NotificationManager.IMPORTANCE_LOW)
  channel.description = context.getString(description)
  context.getSystemService(NotificationManager::class.java)?.createNotificationChannel(channel)
}
