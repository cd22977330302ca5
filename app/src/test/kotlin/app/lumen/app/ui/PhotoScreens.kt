package app.lumen.app.ui

import android.content.Context
import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Paint
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.lumen.app.data.Attachment
import app.lumen.app.data.Author
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.app.photos.BudgetPreview
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.PhotoBudgets
import app.lumen.app.ui.chat.BudgetSheet
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.chat.LocalThumbnailLoader
import app.lumen.app.ui.chat.thumbnailLoader
import app.lumen.vision.ImagePreprocessor
import app.lumen.vision.ImageProcessorConfig
import java.io.File
import kotlinx.coroutines.test.StandardTestDispatcher

/**
 * Fixed photo screens for [ScreenshotTest]: pictures drawn into files (a sky over a field with a
 * sun, in several colourings), the loader that shows them when the test says so, and the states.
 */
internal class PhotoScreens(private val context: Context) {
  /** The thumbnail loader's threads: pictures appear when [settle] runs them. */
  private val background = StandardTestDispatcher()
  private val loader = thumbnailLoader(context, background).build()

  /** A 1600 × 1200 landscape: [sky] above, [field] below, a sun. */
  fun picture(name: String, sky: Int, field: Int): String {
    val bitmap = Bitmap.createBitmap(1600, 1200, Bitmap.Config.ARGB_8888)
    val canvas = Canvas(bitmap)
    canvas.drawColor(sky)
    canvas.drawRect(0f, 720f, 1600f, 1200f, Paint().apply { color = field })
    canvas.drawCircle(1150f, 330f, 160f, Paint().apply { color = 0xFFFFD54F.toInt() })
    val file = File(context.filesDir, "$name.jpg")
    file.outputStream().use { bitmap.compress(Bitmap.CompressFormat.JPEG, 90, it) }
    return file.path
  }

  val pictures =
    listOf(
      picture("meadow", 0xFF64B5F6.toInt(), 0xFF66BB6A.toInt()),
      picture("dusk", 0xFF7E57C2.toInt(), 0xFF5D4037.toInt()),
      picture("beach", 0xFF4FC3F7.toInt(), 0xFFFFE082.toInt()),
      picture("snow", 0xFF90A4AE.toInt(), 0xFFFAFAFA.toInt()),
      picture("field", 0xFFFFB74D.toInt(), 0xFF9CCC65.toInt()),
    )

  @Composable
  fun WithLoader(content: @Composable () -> Unit) =
    CompositionLocalProvider(LocalThumbnailLoader provides loader, content = content)

  /** Lets the loader decode and hand its pictures over; call between compose idles. */
  fun settle(idle: () -> Unit) {
    repeat(3) {
      background.scheduler.advanceUntilIdle()
      idle()
    }
  }

  /** A 3024 × 4032 portrait photo at Detailed with 500 MB free: reduced to Balanced. */
  val reducedPreview: BudgetPreview =
    BudgetPreview.of(PhotoBudget.DETAILED, 500L * 1024 * 1024) {
      ImagePreprocessor(ImageProcessorConfig.QWEN3_VL).plan(3024, 4032, it.budget)
    }

  @Composable
  fun Sheet() =
    Surface(
      Modifier.padding(16.dp),
      shape = MaterialTheme.shapes.extraLarge,
      tonalElevation = 6.dp,
    ) {
      BudgetSheet(reducedPreview, PhotoBudget.BALANCED, {}, {}, {})
    }

  /** A question about three photos answered, and two more photos waiting with their chips. */
  fun severalPhotosState(now: Long): ChatUiState {
    val sent =
      pictures.take(3).mapIndexed { i, path -> Attachment(i + 1L, path, null, 1600, 1200, 256) }
    val pending =
      pictures.drop(3).mapIndexed { i, path ->
        NewAttachment(path, null, 1600, 1200, if (i == 0) 256 else 1024)
      }
    val plan = { budget: PhotoBudget ->
      ImagePreprocessor(ImageProcessorConfig.QWEN3_VL).plan(1600, 1200, budget.budget)
    }
    return ChatUiState(
      conversationId = 1,
      title = "Holiday photos",
      messages =
        listOf(
          Message(
            1,
            1,
            Author.USER,
            "Which of these was taken last?",
            null,
            MessageStatus.COMPLETE,
            null,
            null,
            now,
            null,
            sent,
          ),
          Message(
            2,
            1,
            Author.ASSISTANT,
            "The **beach** one: the sun is lowest there, so it was taken late in the day.",
            null,
            MessageStatus.COMPLETE,
            null,
            "stop_token",
            now,
            null,
          ),
        ),
      draft = "And these two?",
      pendingPictures = pending,
      photoBudgets =
        PhotoBudgets(
          mapOf(
            pending[0].filePath to BudgetPreview.of(PhotoBudget.BALANCED, null, plan),
            pending[1].filePath to BudgetPreview.of(PhotoBudget.DETAILED, 200L * 1024 * 1024, plan),
          )
        ),
    )
  }
}
