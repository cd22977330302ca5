package app.lumen.app.share

import android.content.Intent
import android.net.Uri
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Test
import org.junit.runner.RunWith

/** What a share intent carries, as the app reads it. */
@RunWith(AndroidJUnit4::class)
class SharedContentTest {
  private val photo = Uri.parse("content://gallery/photos/1")

  private fun uris(n: Int) = (1..n).map { Uri.parse("content://gallery/photos/$it") }

  @Test
  fun onePicture_withItsCaption() {
    val intent =
      Intent(Intent.ACTION_SEND)
        .setType("image/jpeg")
        .putExtra(Intent.EXTRA_STREAM, photo)
        .putExtra(Intent.EXTRA_TEXT, "What plant is this?")
    assertEquals(SharedContent("What plant is this?", listOf(photo)), SharedContent.from(intent))
  }

  @Test
  fun severalPictures_atMostFour() {
    val intent =
      Intent(Intent.ACTION_SEND_MULTIPLE)
        .setType("image/*")
        .putParcelableArrayListExtra(Intent.EXTRA_STREAM, ArrayList(uris(6)))
    assertEquals(SharedContent(null, uris(4)), SharedContent.from(intent))
  }

  @Test
  fun textOnly() {
    val intent =
      Intent(Intent.ACTION_SEND)
        .setType("text/plain")
        .putExtra(Intent.EXTRA_TEXT, "Translate: hola")
    assertEquals(SharedContent("Translate: hola", emptyList()), SharedContent.from(intent))
  }

  @Test
  fun nothingToAsk_orAnotherIntent_isNoShare() {
    assertNull(SharedContent.from(Intent(Intent.ACTION_SEND).setType("image/png")))
    assertNull(
      SharedContent.from(
        Intent(Intent.ACTION_SEND).setType("text/plain").putExtra(Intent.EXTRA_TEXT, "  ")
      )
    )
    assertNull(SharedContent.from(Intent(Intent.ACTION_MAIN).putExtra(Intent.EXTRA_STREAM, photo)))
    assertNull(SharedContent.from(null))
  }
}
