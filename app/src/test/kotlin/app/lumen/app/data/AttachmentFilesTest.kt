package app.lumen.app.data

import android.content.Context
import android.graphics.BitmapFactory
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestPhotos
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.GraphicsMode

@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class AttachmentFilesTest {
  private val context: Context = ApplicationProvider.getApplicationContext()
  private val files = AttachmentFiles(File(context.filesDir, "attachments"))

  @Test
  fun save_rotatedPhoto_keepsItsUprightSizeAndAnUprightThumbnail() {
    val photo = TestPhotos.rotatedJpeg(File(context.cacheDir, "camera.jpg"))

    val saved = photo.inputStream().use { files.save(it) }

    assertEquals(200, saved.width)
    assertEquals(400, saved.height)
    val thumbnail = BitmapFactory.decodeFile(saved.thumbnailPath)
    assertEquals(200, thumbnail.width)
    assertEquals(400, thumbnail.height)
    assertTrue("red on top", TestPhotos.isRed(thumbnail.getPixel(100, 50)))
    assertTrue("blue below", TestPhotos.isBlue(thumbnail.getPixel(100, 350)))
    // The original keeps the camera's bytes (and EXIF) for the model, which applies it itself.
    assertTrue(photo.readBytes().contentEquals(File(saved.filePath).readBytes()))
  }
}
