package app.lumen.app.camera

import android.graphics.Bitmap
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.NewAttachment
import app.lumen.vision.RgbImage
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.withContext

/**
 * Stores what the camera takes the way picked photos are stored: copied into the app's own folder
 * by [AttachmentFiles], with a thumbnail, on [io].
 *
 * Errors: [java.io.IOException] when the picture cannot be written.
 */
class CameraPictures(private val files: AttachmentFiles, private val io: CoroutineDispatcher) {

  /** A camera JPEG as it is: its EXIF orientation turns it upright when it is shown or read. */
  suspend fun saveJpeg(jpeg: ByteArray): NewAttachment =
    withContext(io) { files.save(ByteArrayInputStream(jpeg)) }

  /** A live frame as a lossless PNG, so that the model reads exactly the frame's pixels. */
  suspend fun savePng(image: RgbImage): NewAttachment =
    withContext(io) {
      val png = ByteArrayOutputStream()
      toBitmap(image).compress(Bitmap.CompressFormat.PNG, 100, png)
      files.save(ByteArrayInputStream(png.toByteArray()))
    }

  private fun toBitmap(image: RgbImage): Bitmap {
    val colors = IntArray(image.width * image.height)
    val rgb = image.rgb
    for (i in colors.indices) {
      val o = i * 3
      colors[i] =
        (0xFF shl 24) or
          ((rgb[o].toInt() and 0xFF) shl 16) or
          ((rgb[o + 1].toInt() and 0xFF) shl 8) or
          (rgb[o + 2].toInt() and 0xFF)
    }
    return Bitmap.createBitmap(colors, image.width, image.height, Bitmap.Config.ARGB_8888)
  }
}
