package app.lumen.app.data

import android.graphics.Bitmap
import android.graphics.BitmapFactory
import android.graphics.Matrix
import androidx.exifinterface.media.ExifInterface
import java.io.File
import java.io.IOException
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

  /**
   * Copies the picture from [source] as it is (the model's decoder reads its EXIF itself) and makes
   * its thumbnail. Width, height and thumbnail are the picture as shown: a camera's EXIF
   * orientation applied, so a portrait photo is taller than wide.
   */
  fun save(source: InputStream): NewAttachment {
    dir.mkdirs()
    val name = UUID.randomUUID().toString()
    val file = File(dir, "$name.img")
    file.outputStream().use { source.copyTo(it) }
    val bounds = BitmapFactory.Options().apply { inJustDecodeBounds = true }
    BitmapFactory.decodeFile(file.path, bounds)
    val orientation = Orientation.of(file)
    val thumbnail = File(dir, "$name.thumb.jpg")
    val thumbnailPath =
      runCatching {
          val options =
            BitmapFactory.Options().apply {
              inSampleSize = sampleSize(bounds.outWidth, bounds.outHeight)
            }
          val bitmap = BitmapFactory.decodeFile(file.path, options) ?: return@runCatching null
          val upright = orientation.apply(bitmap)
          thumbnail.outputStream().use { upright.compress(Bitmap.CompressFormat.JPEG, 85, it) }
          thumbnail.path
        }
        .getOrNull()
    return if (orientation.swapsSides) {
      NewAttachment(file.path, thumbnailPath, bounds.outHeight, bounds.outWidth)
    } else {
      NewAttachment(file.path, thumbnailPath, bounds.outWidth, bounds.outHeight)
    }
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

  /** How a camera's EXIF says to turn the stored pixels to show them upright. */
  private class Orientation(private val degrees: Int, private val flipped: Boolean) {
    val swapsSides = degrees == 90 || degrees == 270

    /** [bitmap] turned upright; itself when it already is. */
    fun apply(bitmap: Bitmap): Bitmap {
      if (degrees == 0 && !flipped) return bitmap
      // ExifInterface describes each orientation as a mirror (first) and a clockwise turn.
      val matrix = Matrix()
      if (flipped) matrix.postScale(-1f, 1f)
      matrix.postRotate(degrees.toFloat())
      return Bitmap.createBitmap(bitmap, 0, 0, bitmap.width, bitmap.height, matrix, true)
    }

    companion object {
      /** No EXIF, or none readable, means the pixels are upright. */
      fun of(file: File): Orientation =
        try {
          val exif = ExifInterface(file)
          Orientation(exif.rotationDegrees, exif.isFlipped)
        } catch (e: IOException) {
          Orientation(0, false)
        }
    }
  }

  private companion object {
    /** Large enough for a chat bubble on a 3x screen, small enough to decode instantly. */
    const val THUMBNAIL_PIXELS = 320
  }
}
