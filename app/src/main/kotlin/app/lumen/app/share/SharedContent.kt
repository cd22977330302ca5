package app.lumen.app.share

import android.content.Intent
import android.net.Uri
import androidx.core.content.IntentCompat
import app.lumen.app.chat.ChatRules

/**
 * What another app shared with Lumen: text for the composer and pictures to attach. Read from an
 * `ACTION_SEND` or `ACTION_SEND_MULTIPLE` intent; null for any other intent.
 */
data class SharedContent(val text: String?, val pictures: List<Uri>) {
  companion object {
    fun from(intent: Intent?): SharedContent? {
      intent ?: return null
      val pictures =
        when (intent.action) {
          Intent.ACTION_SEND ->
            listOfNotNull(
              IntentCompat.getParcelableExtra(intent, Intent.EXTRA_STREAM, Uri::class.java)
            )
          Intent.ACTION_SEND_MULTIPLE ->
            IntentCompat.getParcelableArrayListExtra(intent, Intent.EXTRA_STREAM, Uri::class.java)
              .orEmpty()
          else -> return null
        }
      // Text shared with a picture is often its caption or a link: it goes to the composer too.
      val text =
        intent.getCharSequenceExtra(Intent.EXTRA_TEXT)?.toString()?.takeIf { it.isNotBlank() }
      val images = if (intent.type?.startsWith("text/") == true) emptyList() else pictures
      if (text == null && images.isEmpty()) return null
      return SharedContent(text, images.take(ChatRules.MAX_PICTURES))
    }
  }
}
