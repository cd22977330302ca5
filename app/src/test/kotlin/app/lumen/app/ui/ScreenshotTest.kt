package app.lumen.app.ui

import android.content.Context
import android.graphics.Bitmap
import android.graphics.BitmapFactory
import android.graphics.Color
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Box
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.asAndroidBitmap
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertCountEquals
import androidx.compose.ui.test.assertHasClickAction
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.onRoot
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.camera.CameraActions
import app.lumen.app.camera.CameraScreen
import app.lumen.app.camera.FakeCameraSource
import app.lumen.app.camera.LivePanel
import app.lumen.app.chat.ChatPhase
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.Author
import app.lumen.app.data.Conversation
import app.lumen.app.data.ConversationPreview
import app.lumen.app.data.GenerationSettings
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStats
import app.lumen.app.data.MessageStatus
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.app.models.DeviceProfile
import app.lumen.app.models.InstalledModel
import app.lumen.app.models.ModelRow
import app.lumen.app.models.ModelsActions
import app.lumen.app.models.ModelsScreen
import app.lumen.app.models.ModelsUiState
import app.lumen.app.models.Recommendation
import app.lumen.app.models.StorageUsage
import app.lumen.app.onboarding.OnboardingActions
import app.lumen.app.onboarding.OnboardingScreen
import app.lumen.app.onboarding.OnboardingUiState
import app.lumen.app.selftest.ProviderResult
import app.lumen.app.selftest.SelfTestScreen
import app.lumen.app.selftest.SelfTestUiState
import app.lumen.app.ui.chat.ChatActions
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.chat.PhotoViewer
import app.lumen.app.ui.chat.PhotoViewing
import app.lumen.app.ui.conversations.ConversationsActions
import app.lumen.app.ui.conversations.ConversationsScreen
import app.lumen.app.ui.conversations.ConversationsUiState
import app.lumen.app.ui.theme.LumenTheme
import app.lumen.app.voice.VoiceUiState
import app.lumen.download.Catalog
import app.lumen.download.DownloadException.Reason.INTEGRITY
import app.lumen.download.DownloadException.Reason.NETWORK
import app.lumen.inference.ExecutionProvider.CPU
import app.lumen.inference.ExecutionProvider.NNAPI
import app.lumen.inference.ExecutionProvider.XNNPACK
import app.lumen.pkg.PackageFile
import app.lumen.pkg.PackageManifest
import java.io.File
import java.util.Locale
import java.util.TimeZone
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Renders each screen with Robolectric's native graphics and compares it with its committed PNG in
 * `src/test/screenshots` (within [ScreenshotDiff]'s tolerance), and checks in the semantics tree
 * what the screen says, which a pixel difference would not name. Every rendering is also written to
 * `target/screenshots` for inspection, with a `-diff.png` marking the mismatched pixels in red when
 * the comparison fails.
 *
 * After an intended change to a screen, look at the new renderings and record them as the goldens:
 * `mvn -B -o -pl app -am verify -Dtest=ScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlumen.screenshots.record=true`, then commit the changed PNGs.
 *
 * Rendering is the same on every run: Compose's test clock drives animations, the conversation
 * times are fixed and formatted in UTC, and the fonts come with Robolectric.
 */
@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
@Config(qualifiers = "w411dp-h891dp-xxhdpi")
class ScreenshotTest {
  @get:Rule val compose = createComposeRule()

  private val record = System.getProperty("lumen.screenshots.record").toBoolean()
  private val goldenDir = File("src/test/screenshots")
  private val outDir = File("target/screenshots")
  private val timeZone = TimeZone.getDefault()

  @Before fun fixTimeZone() = TimeZone.setDefault(TimeZone.getTimeZone("UTC"))

  @After fun restoreTimeZone() = TimeZone.setDefault(timeZone)

  private fun show(dark: Boolean = false, content: @Composable () -> Unit) {
    compose.setContent { LumenTheme(darkTheme = dark, dynamicColor = false) { content() } }
    compose.waitForIdle()
  }

  /**
   * The screen shown, as in `src/test/screenshots/[name].png`. Checked after the semantics, which
   * say better what broke when both would fail.
   */
  private fun assertLooksAsRecorded(name: String) {
    val bitmap = compose.onRoot().captureToImage().asAndroidBitmap()
    outDir.mkdirs()
    val actual = File(outDir, "$name.png")
    bitmap.savePng(actual)
    val golden = File(goldenDir, "$name.png")
    if (record) {
      actual.copyTo(golden, overwrite = true)
      return
    }
    assertTrue("$golden is missing; record it with -Dlumen.screenshots.record=true", golden.isFile)
    val expected = BitmapFactory.decodeFile(golden.path)
    assertEquals(
      "$name.png: size of the rendering $actual",
      "${expected.width}x${expected.height}",
      "${bitmap.width}x${bitmap.height}",
    )
    val diff = ScreenshotDiff.of(expected.argb(), bitmap.argb(), bitmap.width, bitmap.height)
    if (!diff.acceptable) {
      val marked = File(outDir, "$name-diff.png")
      diff.marked(expected).savePng(marked)
      fail(
        String.format(
          Locale.ROOT,
          "%s differs from %s: %d pixels (%.3f%%, at most %.3f%% allowed) off by up to %d/255;" +
            " see %s and %s, and re-record with -Dlumen.screenshots.record=true if intended",
          actual,
          golden,
          diff.mismatchedPixels,
          diff.mismatchedFraction * 100,
          ScreenshotDiff.MAX_MISMATCHED_FRACTION * 100,
          diff.maxDifference,
          actual,
          marked,
        )
      )
    }
  }

  private fun Bitmap.argb() =
    IntArray(width * height).also { getPixels(it, 0, width, 0, 0, width, height) }

  private fun Bitmap.savePng(file: File) =
    file.outputStream().use { compress(Bitmap.CompressFormat.PNG, 100, it) }

  /** [golden] faded, with the mismatched pixels in red. */
  private fun ScreenshotDiff.marked(golden: Bitmap): Bitmap {
    val pixels = golden.argb()
    for (i in pixels.indices) {
      pixels[i] = if (mismatched[i]) Color.RED else faded(pixels[i])
    }
    return Bitmap.createBitmap(pixels, width, height, Bitmap.Config.ARGB_8888)
  }

  private fun faded(argb: Int) =
    Color.rgb(
      255 - (255 - Color.red(argb)) * 3 / 10,
      255 - (255 - Color.green(argb)) * 3 / 10,
      255 - (255 - Color.blue(argb)) * 3 / 10,
    )

  private fun text(id: Int, vararg args: Any): String =
    ApplicationProvider.getApplicationContext<Context>().getString(id, *args)

  private fun conversation(id: Long, title: String, minutesAgo: Long) =
    Conversation(
      id,
      title,
      0,
      NOW - minutesAgo * 60_000,
      "qwen3-vl-2b-instruct-q4",
      null,
      GenerationSettings(),
    )

  private fun message(
    id: Long,
    author: Author,
    text: String,
    status: MessageStatus = MessageStatus.COMPLETE,
    thinking: String? = null,
    finishReason: String? = if (author == Author.ASSISTANT) "stop_token" else null,
    error: String? = null,
  ) =
    Message(
      id,
      1,
      author,
      text,
      thinking,
      status,
      error,
      finishReason,
      NOW,
      if (author == Author.ASSISTANT && status == MessageStatus.COMPLETE)
        MessageStats(412.0, 96.4, 14.2, 0.0, 58, 73, "xnnpack")
      else null,
    )

  private val chatState =
    ChatUiState(
      conversationId = 1,
      title = "Sourdough starter",
      messages =
        listOf(
          message(1, Author.USER, QUESTION),
          message(
            2,
            Author.ASSISTANT,
            "Slow it down before you leave:\n\n1. **Feed** it a stiff 1:5:5 mix.\n2. Let it rise " +
              "for an hour, then **refrigerate**.\n3. It keeps for about *two weeks*.\n\n" +
              "```text\n50 g starter + 250 g flour + 250 g water\n```",
            thinking = "The user wants to pause fermentation; cold slows yeast.",
          ),
          message(3, Author.USER, "And if I'm gone for a month?"),
          message(
            4,
            Author.ASSISTANT,
            "Dry some: spread a thin layer on baking paper",
            status = MessageStatus.STREAMING,
            finishReason = null,
          ),
        ),
      phase = ChatPhase.ANSWERING,
    )

  /** The chat's words and controls, in the light and the dark theme alike. */
  private fun assertChatSays() {
    compose.onNodeWithText("Sourdough starter").assertIsDisplayed()
    for (question in listOf(QUESTION, "And if I'm gone for a month?")) {
      compose
        .onNode(hasText(question) and hasAnyAncestor(hasTestTag("user_message")))
        .assertIsDisplayed()
    }
    // Markdown is rendered: list items without their markers' stars, the code block on its own.
    compose.onNodeWithText("Feed it a stiff 1:5:5 mix.", substring = true).assertIsDisplayed()
    compose.onNodeWithText("**", substring = true).assertDoesNotExist()
    compose
      .onNode(
        hasText("50 g starter + 250 g flour", substring = true) and
          hasAnyAncestor(hasTestTag("code_block")),
        useUnmergedTree = true,
      )
      .assertExists()
    // The thinking is folded away under its heading.
    compose.onNodeWithText(text(R.string.thought), substring = true).assertIsDisplayed()
    compose.onNodeWithText("cold slows yeast", substring = true).assertDoesNotExist()
    compose.onNodeWithText("Dry some: spread a thin layer on baking paper").assertIsDisplayed()
    compose
      .onNode(
        hasText(text(R.string.phase_answering)) and hasAnyAncestor(hasTestTag("phase")),
        useUnmergedTree = true,
      )
      .assertIsDisplayed()
    compose.onNodeWithTag("stop").assertIsDisplayed().assertHasClickAction()
  }

  @Test
  fun chat() {
    show { ChatScreen(chatState, ChatActions()) }
    assertChatSays()
    assertLooksAsRecorded("chat")
  }

  @Test
  fun chatDark() {
    show(dark = true) { ChatScreen(chatState, ChatActions()) }
    assertChatSays()
    assertLooksAsRecorded("chat-dark")
  }

  @Test
  fun chatInterruptedAndStopped() {
    show {
      ChatScreen(
        ChatUiState(
          conversationId = 1,
          title = "Trip to Porto",
          messages =
            listOf(
              message(1, Author.USER, "Plan three days in Porto"),
              message(
                2,
                Author.ASSISTANT,
                "**Day 1:** Ribeira, the Dom Luís I bridge and",
                MessageStatus.INTERRUPTED,
                finishReason = null,
              ),
            ),
        ),
        ChatActions(),
      )
    }
    compose.onNodeWithText(PORTO_PREVIEW).assertIsDisplayed()
    compose.onNodeWithText(text(R.string.status_interrupted)).assertIsDisplayed()
    compose
      .onNodeWithText(text(R.string.continue_answer))
      .assertIsDisplayed()
      .assertHasClickAction()
    compose.onNodeWithTag("send").assertIsDisplayed()
    assertLooksAsRecorded("chat-interrupted")
  }

  @Test
  fun chatModelMissing() {
    show { ChatScreen(ChatUiState(modelMissing = true), ChatActions()) }
    compose.onNodeWithText(text(R.string.model_missing_title)).assertIsDisplayed()
    compose
      .onNodeWithText(text(R.string.model_missing_action))
      .assertIsDisplayed()
      .assertHasClickAction()
    assertLooksAsRecorded("chat-model-missing")
  }

  @Test
  fun conversations() {
    show {
      ConversationsScreen(
        ConversationsUiState(
          conversations =
            listOf(
              ConversationPreview(
                conversation(1, "Sourdough starter", 3),
                "And if I'm gone for a month?",
              ),
              ConversationPreview(
                conversation(2, "Trip to Porto", 90),
                "**Day 1:** Ribeira, the Dom Luís I bridge and",
              ),
              ConversationPreview(
                conversation(3, "What is in this photo?", 60 * 26),
                "A heron standing in shallow water.",
              ),
            ),
          loaded = true,
        ),
        ConversationsActions(),
      )
    }
    // Newest first; NOW is 2026-11-18 11:06:40 UTC, shown to the minute.
    val rows =
      listOf(
        "Sourdough starter" to "Nov 18, 2026, 11:03 AM",
        "Trip to Porto" to "Nov 18, 2026, 9:36 AM",
        "What is in this photo?" to "Nov 17, 2026, 9:06 AM",
      )
    val tops =
      rows.map { (title, time) ->
        compose.onNodeWithText(time).assertIsDisplayed()
        compose.onNodeWithText(title).assertIsDisplayed().fetchSemanticsNode().boundsInRoot.top
      }
    assertEquals(tops.sorted(), tops)
    compose.onNodeWithText(PORTO_PREVIEW).assertIsDisplayed() // the preview without its stars
    compose.onNodeWithTag("new_chat").assertIsDisplayed().assertHasClickAction()
    assertLooksAsRecorded("conversations")
  }

  @Test
  fun conversationsEmpty() {
    show { ConversationsScreen(ConversationsUiState(loaded = true), ConversationsActions()) }
    compose.onNodeWithText(text(R.string.chats_empty)).assertIsDisplayed()
    compose.onNodeWithTag("new_chat").assertIsDisplayed()
    assertLooksAsRecorded("conversations-empty")
  }

  @Test
  fun selfTest() {
    show {
      SelfTestScreen(
        SelfTestUiState.Done(
          listOf(
            ProviderResult(CPU, CPU, null, 212.4, 182.6, listOf(1), null, null),
            ProviderResult(XNNPACK, XNNPACK, null, 240.9, 231.0, listOf(1), true, null),
            ProviderResult(NNAPI, CPU, NNAPI_REASON, 655.0, 180.2, listOf(1), true, null),
          )
        ),
        onRun = {},
        onBack = {},
      )
    }
    compose.onNodeWithTag("selftest-summary").assert(hasText(text(R.string.selftest_all_passed)))
    fun card(provider: String, line: String) =
      compose
        .onNode(hasText(line) and hasAnyAncestor(hasTestTag("selftest-result-$provider")))
        .assertIsDisplayed()
    card("cpu", text(R.string.selftest_provider_passed, "cpu"))
    card("cpu", text(R.string.selftest_figures, "212.4", "182.6"))
    card("xnnpack", text(R.string.selftest_same_as_cpu))
    card("nnapi", text(R.string.selftest_provider_passed_on, "nnapi", "cpu"))
    card("nnapi", text(R.string.selftest_fell_back, "cpu", NNAPI_REASON))
    assertLooksAsRecorded("selftest")
  }

  private val catalog = Catalog.loadDefault().entries()

  /** A row of the Models screen for the catalog entry [id], its size known. */
  private fun modelRow(
    id: String,
    download: PackageDownloadState? = null,
    installedBytes: Long? = null,
    supported: Boolean = true,
    active: Boolean = false,
  ): ModelRow {
    val entry = catalog.first { it.id() == id }
    val installed =
      installedBytes?.let { bytes ->
        val manifest =
          PackageManifest.builder(id, entry.family())
            .displayName(entry.displayName())
            .graph(PackageManifest.ROLE_DECODER, "decoder.onnx")
            .file(PackageFile.withSha256("decoder.onnx", bytes, "0".repeat(64)))
            .build()
        InstalledModel(id, manifest, bytes)
      }
    return ModelRow(
      id,
      entry.displayName(),
      entry,
      supported,
      1_850_000_000,
      installed,
      download,
      active,
    )
  }

  private val installedInUse =
    modelRow("qwen3-vl-2b-instruct-q4", installedBytes = 1_830_000_000, active = true)

  @Test
  fun modelsDownloading() {
    val rows =
      listOf(
        modelRow(
          "qwen2-vl-2b-instruct",
          PackageDownloadState.Downloading(620_000_000, 1_850_000_000, 4_200_000, 293),
        ),
        modelRow("qwen3-0.6b-q4f16", PackageDownloadState.Paused),
        installedInUse,
      )
    show { ModelsScreen(ModelsUiState(rows = rows), ModelsActions()) }
    fun inRow(id: String, line: String) =
      compose.onNode(hasText(line) and hasAnyAncestor(hasTestTag("model-$id"))).assertExists()
    inRow("qwen2-vl-2b-instruct", "620 MB of 1.9 GB · 4.2 MB/s · 04:53 left")
    inRow("qwen3-0.6b-q4f16", text(R.string.models_resume))
    inRow("qwen3-vl-2b-instruct-q4", text(R.string.models_in_use))
    compose.onNodeWithTag("model-qwen2-vl-2b-instruct").assertIsDisplayed()
    assertLooksAsRecorded("models-downloading")
  }

  @Test
  fun modelsUnsupportedAndFailed() {
    val rows =
      listOf(
        modelRow("qwen3.5-2b-q4", supported = false),
        modelRow("qwen3.5-0.8b-q4", supported = false),
        modelRow(
          "qwen3-vl-2b-instruct-q4",
          PackageDownloadState.Failed(NETWORK, "connection reset", retryable = true),
        ),
        modelRow(
          "qwen2-vl-2b-instruct",
          PackageDownloadState.Failed(INTEGRITY, SHA_MISMATCH, retryable = false),
        ),
      )
    show { ModelsScreen(ModelsUiState(rows = rows), ModelsActions()) }
    fun inRow(id: String, line: String) =
      compose.onNode(hasText(line) and hasAnyAncestor(hasTestTag("model-$id"))).assertExists()
    compose.onNodeWithTag("unsupported-qwen3.5-2b-q4").assertIsDisplayed()
    inRow("qwen3-vl-2b-instruct-q4", text(R.string.models_failed, "connection reset"))
    inRow("qwen3-vl-2b-instruct-q4", text(R.string.models_retry))
    inRow("qwen2-vl-2b-instruct", text(R.string.models_failed, SHA_MISMATCH))
    compose
      .onNode(
        hasText(text(R.string.models_retry)) and
          hasAnyAncestor(hasTestTag("model-qwen2-vl-2b-instruct"))
      )
      .assertDoesNotExist()
    assertLooksAsRecorded("models-unsupported-failed")
  }

  @Test
  fun onboarding() {
    val entry = catalog.first { it.id() == "qwen3-vl-2b-instruct-q4" }
    val state =
      OnboardingUiState(
        device = DeviceProfile(8L shl 30, 42L shl 30, lowRam = false),
        recommendation = Recommendation.Pick(entry),
        sizeBytes = 1_850_000_000,
        download = PackageDownloadState.Downloading(620_000_000, 1_850_000_000, 4_200_000, 293),
      )
    show { OnboardingScreen(state, OnboardingActions()) }
    compose.onNodeWithText(entry.displayName()).assertIsDisplayed()
    compose.onNodeWithText("620 MB of 1.9 GB · 4.2 MB/s · 04:53 left").assertIsDisplayed()
    compose.onNodeWithTag("setup-skip").assertIsDisplayed()
    compose.onNodeWithTag("setup-download").assertDoesNotExist()
    assertLooksAsRecorded("onboarding")
  }

  @Test
  fun chatMemoryWarning() {
    val warning = text(R.string.memory_tight, "Qwen3-VL 4B Instruct (q4)", 3.9, 2.6)
    show {
      ChatScreen(
        ChatUiState(
          conversationId = 1,
          title = "Label on the jar",
          messages =
            listOf(
              message(1, Author.USER, "What does this label say?"),
              message(
                2,
                Author.ASSISTANT,
                "",
                MessageStatus.FAILED,
                finishReason = ChatRunner.LOAD_CONFIRMATION,
                error = warning,
              ),
            ),
        ),
        ChatActions(),
      )
    }
    compose.onNodeWithText(warning).assertIsDisplayed()
    compose.onNodeWithText(text(R.string.load_anyway)).assertIsDisplayed().assertHasClickAction()
    assertLooksAsRecorded("chat-memory-warning")
  }

  @Test
  fun chatBudgetPreview() {
    val photos = PhotoScreens(ApplicationProvider.getApplicationContext())
    show { photos.Sheet() }
    compose.onNodeWithText("Balanced · 234 tokens").assertIsDisplayed()
    compose.onNodeWithText("416 × 576 px", substring = true).assertIsDisplayed()
    compose.onNodeWithTag("budget_note").assertIsDisplayed()
    assertLooksAsRecorded("chat-budget-preview")
  }

  @Test
  fun chatSeveralPhotos() {
    val photos = PhotoScreens(ApplicationProvider.getApplicationContext())
    show { photos.WithLoader { ChatScreen(photos.severalPhotosState(NOW), ChatActions()) } }
    photos.settle(compose::waitForIdle)
    compose.onAllNodesWithTag("chat_photo").assertCountEquals(3)
    compose.onAllNodesWithTag("budget_chip").assertCountEquals(2)
    assertLooksAsRecorded("chat-several-photos")
  }

  @Test
  fun photoViewer() {
    val photos = PhotoScreens(ApplicationProvider.getApplicationContext())
    show { photos.WithLoader { PhotoViewer(PhotoViewing(photos.pictures.take(3), 0), {}) } }
    photos.settle(compose::waitForIdle)
    compose.onNodeWithText(text(R.string.photo_viewer_position, 1, 3)).assertIsDisplayed()
    assertLooksAsRecorded("photo-viewer")
  }

  @Test
  fun modelsStorage() {
    val usage =
      StorageUsage(
        listOfNotNull(installedInUse.installed),
        unfinishedDownloadBytes = 620_000_000,
        pictureBytes = 14_700_000,
        cacheBytes = 3_100_000,
        freeBytes = 21_400_000_000,
      )
    show {
      ModelsScreen(ModelsUiState(rows = listOf(installedInUse), storage = usage), ModelsActions())
    }
    for (line in listOf("Models: 1.8 GB", "Unfinished downloads: 620 MB", "Free: 21 GB")) {
      compose.onNode(hasText(line) and hasAnyAncestor(hasTestTag("storage"))).assertIsDisplayed()
    }
    assertLooksAsRecorded("models-storage")
  }

  /** Dictating a question while the last answer waits to be read aloud; auto-read is on. */
  @Test
  fun chatVoice() {
    show {
      ChatScreen(
        ChatUiState(
          conversationId = 1,
          title = "Label on the jar",
          messages =
            listOf(
              message(1, Author.USER, "What does this label say?"),
              message(2, Author.ASSISTANT, "It says **Wildflower honey**, harvested in May 2026."),
            ),
          draft = "Is it still good to",
        ),
        ChatActions(),
        VoiceUiState(listening = true, autoRead = true),
      )
    }
    compose.onNodeWithTag("input").assert(hasText("Is it still good to"))
    compose.onNodeWithText(text(R.string.voice_listening)).assertIsDisplayed()
    compose.onNodeWithContentDescription(text(R.string.voice_stop_listening)).assertIsDisplayed()
    compose
      .onNodeWithText(text(R.string.voice_read_aloud))
      .assertIsDisplayed()
      .assertHasClickAction()
    compose.onNodeWithContentDescription(text(R.string.voice_auto_read_on)).assertIsDisplayed()
    assertLooksAsRecorded("chat-voice")
  }

  /** No camera renders here: the viewfinder is a plain dark box in its place. */
  private val darkViewfinder: @Composable (Modifier) -> Unit = {
    Box(it.background(androidx.compose.ui.graphics.Color(0xFF2B3A42)))
  }

  /** A back camera with a torch and a front one to switch to. */
  private val previewingBack = FakeCameraSource.BACK_PREVIEWING

  @Test
  fun camera() {
    show { CameraScreen(previewingBack, CameraActions(), darkViewfinder) }
    compose.onNodeWithContentDescription(text(R.string.camera_capture)).assertIsDisplayed()
    compose.onNodeWithContentDescription(text(R.string.camera_switch)).assertIsDisplayed()
    compose.onNodeWithContentDescription(text(R.string.camera_torch_on)).assertIsDisplayed()
    compose.onNodeWithContentDescription(text(R.string.camera_close)).assertIsDisplayed()
    assertLooksAsRecorded("camera")
  }

  @Test
  fun chatLive() {
    show {
      ChatScreen(
        ChatUiState(
          conversationId = 1,
          title = "What is this?",
          messages =
            listOf(
              message(1, Author.USER, "What is this?"),
              message(
                2,
                Author.ASSISTANT,
                "A **Monstera deliciosa**, the Swiss cheese plant: its split leaves",
                status = MessageStatus.STREAMING,
                finishReason = null,
              ),
            ),
          phase = ChatPhase.ANSWERING,
        ),
        ChatActions(),
        livePanel = { LivePanel(previewingBack, CameraActions(), false, {}, darkViewfinder) },
      )
    }
    compose.onNodeWithTag("live_panel").assertIsDisplayed()
    compose.onNodeWithText(text(R.string.live_read_text)).assertIsDisplayed()
    compose.onNodeWithContentDescription(text(R.string.live_mode_stop)).assertIsDisplayed()
    compose.onNodeWithText("Swiss cheese plant", substring = true).assertIsDisplayed()
    assertLooksAsRecorded("chat-live")
  }

  private companion object {
    const val NOW = 1_795_000_000_000L
    const val QUESTION = "How do I keep a sourdough starter alive while travelling?"
    const val PORTO_PREVIEW = "Day 1: Ribeira, the Dom Luís I bridge and"
    const val SHA_MISMATCH = "onnx/decoder_model_merged_q4.onnx: SHA-256 differs from the Hub's"
    const val NNAPI_REASON =
      "nnapi could not compile decoder_model_merged.onnx: unsupported operator"
  }
}
