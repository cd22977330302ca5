package app.lumen.app

import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Color
import android.graphics.Paint
import androidx.exifinterface.media.ExifInterface
import java.io.File

/** Photos as a phone camera writes them; decoding them needs `@GraphicsMode(NATIVE)`. */
object TestPhotos {
  /**
   * A 400 × 200 JPEG, left half red and right half blue, whose EXIF orientation says "rotate 90°
   * clockwise to show", as a phone held upright writes it: shown upright it is 200 × 400, red on
   * top and blue below.
   */
  fun rotatedJpeg(file: File): File {
    val bitmap = Bitmap.createBitmap(400, 200, Bitmap.Config.ARGB_8888)
    val canvas = Canvas(bitmap)
    canvas.drawColor(Color.BLUE)
    canvas.drawRect(0f, 0f, 200f, 200f, Paint().apply { color = Color.RED })
    file.parentFile?.mkdirs()
    file.outputStream().use { bitmap.compress(Bitmap.CompressFormat.JPEG, 95, it) }
    val exif = ExifInterface(file.path)
    exif.setAttribute(ExifInterface.TAG_ORIENTATION, ExifInterface.ORIENTATION_ROTATE_90.toString())
    exif.saveAttributes()
    return file
  }

  /**
   * A 400 × 200 JPEG of four 200 × 100 quadrants ([topLeft], [topRight] above; [bottomLeft],
   * [bottomRight] below, as `Color` ints) whose EXIF says "rotate 90° clockwise to show", as a
   * camera writes it with `JPEG_ORIENTATION` 90. Upright (200 × 400) it shows bottomLeft top left,
   * topLeft top right, bottomRight bottom left and topRight bottom right.
   */
  fun quadrantJpeg(
    file: File,
    topLeft: Int,
    topRight: Int,
    bottomLeft: Int,
    bottomRight: Int,
  ): File {
    val bitmap = Bitmap.createBitmap(400, 200, Bitmap.Config.ARGB_8888)
    val canvas = Canvas(bitmap)
    fun fill(color: Int, left: Int, top: Int) =
      canvas.drawRect(
        left.toFloat(),
        top.toFloat(),
        left + 200f,
        top + 100f,
        Paint().apply { this.color = color },
      )
    fill(topLeft, 0, 0)
    fill(topRight, 200, 0)
    fill(bottomLeft, 0, 100)
    fill(bottomRight, 200, 100)
    file.parentFile?.mkdirs()
    file.outputStream().use { bitmap.compress(Bitmap.CompressFormat.JPEG, 95, it) }
    ExifInterface(file.path).apply {
      setAttribute(ExifInterface.TAG_ORIENTATION, ExifInterface.ORIENTATION_ROTATE_90.toString())
      saveAttributes()
    }
    return file
  }

  fun isRed(pixel: Int) = Color.red(pixel) > 200 && Color.blue(pixel) < 60

  fun isBlue(pixel: Int) = Color.blue(pixel) > 200 && Color.red(pixel) < 60
}
