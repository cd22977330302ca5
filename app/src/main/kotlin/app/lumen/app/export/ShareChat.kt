package app.lumen.app.export

import android.content.Context
import android.content.Intent
import androidx.core.content.FileProvider
import app.lumen.app.ui.conversations.ExportedChat
import java.io.File

/**
 * Hands an exported chat to the share sheet as a file in the app's cache (never shared storage).
 */
object ShareChat {
  /** Matches the provider in AndroidManifest.xml. */
  const val AUTHORITY_SUFFIX = ".exports"

  fun intent(context: Context, chat: ExportedChat, chooserTitle: String): Intent {
    val dir = File(context.cacheDir, "exports").apply { mkdirs() }
    val file = File(dir, chat.fileName)
    file.writeText(chat.content)
    val uri = FileProvider.getUriForFile(context, context.packageName + AUTHORITY_SUFFIX, file)
    val send =
      Intent(Intent.ACTION_SEND)
        .setType(chat.mimeType)
        .putExtra(Intent.EXTRA_STREAM, uri)
        .putExtra(Intent.EXTRA_SUBJECT, chat.fileName)
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
    return Intent.createChooser(send, chooserTitle)
  }
}
