package app.lumen.app.camera

import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.performClick
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.LumenApplication
import app.lumen.app.chat.ChatPhase
import app.lumen.app.chat.ChatRules
import app.lumen.app.data.NewAttachment
import app.lumen.app.ui.chat.ChatActions
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.chat.LocalThumbnailLoader
import app.lumen.app.ui.theme.LumenTheme
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/** The composer's camera button: open while the message has room for a picture and nothing runs. */
@RunWith(AndroidJUnit4::class)
class CameraButtonTest {
  @get:Rule val compose = createComposeRule()

  private val app = ApplicationProvider.getApplicationContext<LumenApplication>()
  private val label = app.getString(R.string.open_camera)

  private fun show(state: ChatUiState, actions: ChatActions = ChatActions()) =
    compose.setContent {
      CompositionLocalProvider(LocalThumbnailLoader provides app.container.imageLoader) {
        LumenTheme(dynamicColor = false) { ChatScreen(state, actions) }
      }
    }

  @Test
  fun theCameraButton_opensTheCamera() {
    var opened = 0
    show(ChatUiState(), ChatActions(onOpenCamera = { opened++ }))
    compose.onNodeWithContentDescription(label).assertIsEnabled().performClick()
    assertEquals(1, opened)
  }

  @Test
  fun aMessageWithAllItsPictures_takesNoMore() {
    val pictures = (1..ChatRules.MAX_PICTURES).map { NewAttachment("/none/$it.img", null, 10, 10) }
    show(ChatUiState(pendingPictures = pictures))
    compose.onNodeWithContentDescription(label).assertIsNotEnabled()
  }

  @Test
  fun whileAnAnswerIsWritten_theCameraWaits() {
    show(ChatUiState(conversationId = 1, phase = ChatPhase.ANSWERING))
    compose.onNodeWithContentDescription(label).assertIsNotEnabled()
  }
}
