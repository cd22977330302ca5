package app.lumen.app.ui.chat

import android.content.Context
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.graphics.asAndroidBitmap
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestPhotos
import coil3.EventListener
import coil3.decode.Decoder
import coil3.request.ImageRequest
import coil3.request.Options
import java.io.File
import kotlinx.coroutines.test.StandardTestDispatcher
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.GraphicsMode

@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class ThumbnailTest {
  @get:Rule val compose = createComposeRule()
  private val context: Context = ApplicationProvider.getApplicationContext()

  /** Stands in for the loader's background threads: it runs only when the test says so. */
  private val background = StandardTestDispatcher()
  private var decodes = 0
  private val loader =
    thumbnailLoader(context, background)
      .eventListener(
        object : EventListener() {
          override fun decodeStart(request: ImageRequest, decoder: Decoder, options: Options) {
            decodes++
          }
        }
      )
      .build()

  @Test
  fun thumbnail_decodesOnTheLoadersThreads_andShowsARotatedPhotoUpright() {
    val photo = TestPhotos.rotatedJpeg(File(context.filesDir, "photo.img"))

    compose.setContent {
      CompositionLocalProvider(LocalThumbnailLoader provides loader) { Thumbnail(photo.path) }
    }
    compose.waitForIdle()
    assertEquals("decoded while composing", 0, decodes)

    // The decoded picture comes back on the main thread, which shows it.
    background.scheduler.advanceUntilIdle()
    compose.waitForIdle()
    background.scheduler.advanceUntilIdle()
    compose.waitForIdle()
    assertEquals(1, decodes)

    // Upright the photo is red above blue; cropped to a square, red fills the top, blue the bottom.
    val shown = compose.onNodeWithContentDescription("Photo").captureToImage().asAndroidBitmap()
    assertTrue(
      "red on top",
      TestPhotos.isRed(shown.getPixel(shown.width * 3 / 4, shown.height / 4)),
    )
    assertTrue(
      "blue below",
      TestPhotos.isBlue(shown.getPixel(shown.width / 4, shown.height * 3 / 4)),
    )
  }
}
