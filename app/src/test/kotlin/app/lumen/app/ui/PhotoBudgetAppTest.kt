package app.lumen.app.ui

import android.app.Activity
import android.content.ClipData
import android.content.Intent
import android.graphics.Bitmap
import android.graphics.Color
import android.net.Uri
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.doubleClick
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onAllNodesWithContentDescription
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.test.pinch
import androidx.compose.ui.test.swipeLeft
import androidx.compose.ui.test.swipeRight
import androidx.test.espresso.Espresso
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.LumenApplication
import app.lumen.app.MainActivity
import app.lumen.app.TestPhotos
import app.lumen.app.VirtualClock
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.QwenSizes
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import app.lumen.vision.RgbImage
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.RuleChain
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.GraphicsMode

/**
 * Photos in the real activity, from the picker to the engine: the detail chosen in the budget sheet
 * (with its numbers worked out before decoding), the picture upright, several photos in order, and
 * the full-screen viewer.
 */
@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class PhotoBudgetAppTest {
  private val clock = VirtualClock()
  private val engine = FakeInferenceEngine(clock)
  private val tmp = TemporaryFolder()
  private val compose = createAndroidComposeRule<MainActivity>()

  @get:Rule
  val rules: RuleChain = RuleChain.outerRule(tmp).around(FakeInstalledModel(engine)).around(compose)

  private val preferences
    get() = (compose.activity.application as LumenApplication).container.preferences

  private fun text(id: Int, vararg args: Any) = compose.activity.getString(id, *args)

  /**
   * A camera JPEG stored 400 × 200 in four quadrants (red, green above; blue, yellow below) whose
   * EXIF says "rotate 90° clockwise to show". Turned clockwise, the stored left column becomes the
   * top row read right to left, so upright (200 × 400) it shows blue top left, red top right,
   * yellow bottom left and green bottom right.
   */
  private fun quadrantJpeg(): Uri =
    Uri.fromFile(
      TestPhotos.quadrantJpeg(
        File(tmp.root, "camera.jpg"),
        Color.RED,
        Color.GREEN,
        Color.BLUE,
        Color.YELLOW,
      )
    )

  private fun png(name: String, width: Int, height: Int): Uri {
    val file = File(tmp.root, name)
    file.outputStream().use {
      Bitmap.createBitmap(width, height, Bitmap.Config.ARGB_8888)
        .apply { eraseColor(Color.GRAY) }
        .compress(Bitmap.CompressFormat.PNG, 100, it)
    }
    return Uri.fromFile(file)
  }

  /** Opens the picker and answers it with [uris], as the system's picker would. */
  private fun pick(vararg uris: Uri) {
    compose.onNodeWithContentDescription(text(R.string.attach_photo)).performClick()
    val started = shadowOf(compose.activity).nextStartedActivityForResult
    val clip = ClipData.newRawUri(null, uris.first())
    uris.drop(1).forEach { clip.addItem(ClipData.Item(it)) }
    shadowOf(compose.activity)
      .receiveResult(started.intent, Activity.RESULT_OK, Intent().apply { clipData = clip })
  }

  private fun count(tag: String) = compose.onAllNodesWithTag(tag).fetchSemanticsNodes().size

  private fun sendAndAwaitRequest() {
    val before = engine.requests().size
    compose.onNodeWithTag("send").performClick()
    clock.runUntil { engine.requests().size > before }
  }

  private fun lastImages(): List<FakeImageInput> =
    engine.requests().last().messages().last().images().map { it as FakeImageInput }

  private fun RgbImage.isColour(x: Int, y: Int, r: Int, g: Int, b: Int): Boolean {
    // JPEG blurs colours a little, most near the edges: sample well inside the quadrant.
    val tolerance = 60
    return Math.abs(channel(x, y, 0) - r) < tolerance &&
      Math.abs(channel(x, y, 1) - g) < tolerance &&
      Math.abs(channel(x, y, 2) - b) < tolerance
  }

  @Test
  fun aRotatedCameraPhoto_atTheDetailChosenInTheSheet_reachesTheEngineUpright() {
    engine.enqueue(FakeScript.answer("Four colours."))
    preferences.photoBudget = PhotoBudget.DETAILED
    compose.onNodeWithTag("new_chat").performClick()
    pick(quadrantJpeg())
    clock.runUntil { count("budget_chip") == 1 }
    // The default from the preferences, named on the thumbnail.
    compose
      .onNodeWithContentDescription(
        text(R.string.photo_budget_chip, text(R.string.photo_budget_detailed))
      )
      .assertExists()

    compose.onNodeWithTag("budget_chip").performClick()
    compose.onNodeWithTag("budget_sheet").assertExists()
    // Each budget's size and tokens, for the upright 200 × 400 picture, before anything is decoded.
    for ((budget, name) in
      listOf(
        PhotoBudget.FAST to R.string.photo_budget_fast,
        PhotoBudget.BALANCED to R.string.photo_budget_balanced,
        PhotoBudget.DETAILED to R.string.photo_budget_detailed,
      )) {
      val (w, h) = QwenSizes.resized(200, 400, budget.tokens)
      compose
        .onNodeWithText(text(R.string.photo_budget_option, text(name), QwenSizes.tokens(w, h)))
        .assertExists()
      compose
        .onNodeWithTag("budget_option_${budget.name}")
        .assert(hasText("$w × $h px", substring = true))
    }
    compose.onNodeWithTag("budget_option_FAST").performClick()
    clock.runUntil {
      compose
        .onAllNodesWithContentDescription(
          text(R.string.photo_budget_chip, text(R.string.photo_budget_fast))
        )
        .fetchSemanticsNodes()
        .isNotEmpty()
    }
    compose.onNodeWithText(text(R.string.photo_budget_done)).performClick()
    compose.onNodeWithTag("budget_sheet").assertDoesNotExist()

    sendAndAwaitRequest()

    val image = lastImages().single()
    val (w, h) = QwenSizes.resized(200, 400, PhotoBudget.FAST.tokens)
    assertEquals(QwenSizes.tokens(w, h), image.plan().tokens())
    assertEquals(200, image.plan().sourceWidth())
    assertEquals(400, image.plan().sourceHeight())
    val pixels = image.decoded()
    assertEquals("upright: twice as tall as wide", pixels.width * 2, pixels.height)
    val x1 = pixels.width / 4
    val x2 = pixels.width * 3 / 4
    val y1 = pixels.height / 4
    val y2 = pixels.height * 3 / 4
    assertTrue("blue top left", pixels.isColour(x1, y1, 0, 0, 255))
    assertTrue("red top right", pixels.isColour(x2, y1, 255, 0, 0))
    assertTrue("yellow bottom left", pixels.isColour(x1, y2, 255, 255, 0))
    assertTrue("green bottom right", pixels.isColour(x2, y2, 0, 255, 0))
  }

  @Test
  fun severalPhotos_reachTheEngineInOrder_areShownInTheChat_andOpenInTheViewer() {
    engine.enqueue(FakeScript.answer("Three grey pictures."))
    compose.onNodeWithTag("new_chat").performClick()
    pick(png("a.png", 64, 40), png("b.png", 96, 40), png("c.png", 128, 40))
    clock.runUntil { count("budget_chip") == 3 }
    // A photo waiting to be sent opens in the viewer too, with the others beside it.
    compose.onAllNodesWithTag("composer_photo")[0].performClick()
    compose.onNodeWithText(text(R.string.photo_viewer_position, 1, 3)).assertExists()
    compose.onNodeWithContentDescription(text(R.string.photo_viewer_close)).performClick()
    compose.onNodeWithTag("photo_viewer").assertDoesNotExist()

    sendAndAwaitRequest()
    assertEquals(listOf(64, 96, 128), lastImages().map { it.plan().sourceWidth() })
    clock.runUntil { count("chat_photo") == 3 }

    compose.onAllNodesWithTag("chat_photo")[1].performClick()
    compose.onNodeWithTag("photo_viewer").assertExists()
    compose.onNodeWithText(text(R.string.photo_viewer_position, 2, 3)).assertExists()
    fun zoom() =
      compose
        .onNodeWithTag("viewer_photo")
        .fetchSemanticsNode()
        .config[SemanticsProperties.StateDescription]
    assertEquals(text(R.string.photo_viewer_zoom, 100), zoom())
    // A fitted picture swipes to the next and back.
    compose.onNodeWithTag("photo_viewer").performTouchInput { swipeLeft() }
    compose.onNodeWithText(text(R.string.photo_viewer_position, 3, 3)).assertExists()
    compose.onNodeWithTag("photo_viewer").performTouchInput { swipeRight() }
    compose.onNodeWithText(text(R.string.photo_viewer_position, 2, 3)).assertExists()

    compose.onNodeWithTag("viewer_photo").performTouchInput {
      pinch(
        center - Offset(10f, 0f),
        center - Offset(100f, 0f),
        center + Offset(10f, 0f),
        center + Offset(100f, 0f),
      )
    }
    compose.waitForIdle()
    val pinched = zoom()
    assertTrue("zoomed in by the pinch: $pinched", pinched != text(R.string.photo_viewer_zoom, 100))

    compose.onNodeWithTag("viewer_photo").performTouchInput { doubleClick() }
    compose.waitForIdle()
    assertEquals(text(R.string.photo_viewer_zoom, 100), zoom())
    compose.onNodeWithTag("viewer_photo").performTouchInput { doubleClick() }
    compose.waitForIdle()
    assertEquals(text(R.string.photo_viewer_zoom, 250), zoom())

    compose.onNodeWithContentDescription(text(R.string.photo_viewer_next)).performClick()
    compose.onNodeWithText(text(R.string.photo_viewer_position, 3, 3)).assertExists()

    Espresso.pressBack()
    compose.waitForIdle()
    compose.onNodeWithTag("photo_viewer").assertDoesNotExist()
    assertEquals(3, count("chat_photo"))
  }

  @Test
  fun theSettingsPhotoDetail_setsTheDefaultForNewPhotos() {
    compose.onNodeWithText(text(R.string.nav_settings)).performClick()
    compose.onNodeWithTag("photo_detail_FAST").performScrollTo().performClick()
    assertEquals(PhotoBudget.FAST, preferences.photoBudget)
    compose.onNodeWithTag("photo_detail_DETAILED").performScrollTo().performClick()
    assertEquals(PhotoBudget.DETAILED, preferences.photoBudget)
  }
}
