package app.lumen.app.data

import android.graphics.Bitmap
import android.graphics.BitmapFactory
import java.io.File
import java.io.InputStream
import java.util.UUID

/** A picture copied into app-private storage, before it belongs to a message. */
data class NewAttachment(
  val filePath: String,
  val thumbnailPath: String?,
  val width: Int,
  val height: Int,
  val tokenBudget: Int = 0,
)

/**
 * Keeps attached pictures in the app's private files folder (never shared storage), with a small
 * thumbnail for the chat. Blocking; call off the main thread.
 */
class AttachmentFiles(private val dir: File) {

  /** Copies the picture from [source] and makes its thumbnail. */
  fun save(source: InputStream): NewAttachment {
    dir.mkdirs()
    val name = UUID.randomUUID().toString()
    val file = File(dir, "$name.img")
    file.outputStream().use { source.copyTo(it) }
    val bounds = BitmapFactory.Options().apply { inJustDecodeBounds = true }
    BitmapFactory.decodeFile(file.path, bounds)
    val thumbnail = File(dir, "$name.thumb.jpg")
    val thumbnailPath =
      runCatching {
          val options =
            BitmapFactory.Options().apply {
              inSampleSize = sampleSize(bounds.outWidth, bounds.outHeight)
            }
          val bitmap = BitmapFactory.decodeFile(file.path, options) ?: return@runCatching null
          thumbnail.outputStream().use { bitmap.compress(Bitmap.CompressFormat.JPEG, 85, it) }
          thumbnail.path
        }
        .getOrNull()
    return NewAttachment(file.path, thumbnailPath, bounds.outWidth, bounds.outHeight)
  }

  /** Deletes the picture and its thumbnail; only files inside this folder are touched. */
  fun delete(attachment: Attachment) {
    delete(attachment.filePath)
    attachment.thumbnailPath?.let(::delete)
  }

  fun delete(path: String) {
    val file = File(path)
    if (file.canonicalFile.parentFile == dir.canonicalFile) file.delete()
  }

  private fun sampleSize(width: Int, height: Int): Int {
    var sample = 1
    while (maxOf(width, height) / (sample * 2) >= THUMBNAIL_PIXELS) sample *= 2
    return sample
  }

  private companion object {
    /** Large enough for a chat bubble on a 3x screen, small enough to decode instantly. */
    const val THUMBNAIL_PIXELS = 320
  }
}
