package app.lumen.app.camera

import androidx.annotation.StringRes
import androidx.compose.foundation.background
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.material3.AssistChip
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.AppContainer
import app.lumen.app.ui.chat.ChatViewModel
import kotlinx.coroutines.launch

/** A suggested question of point-and-ask; [sends] false only puts its start into the draft. */
enum class LiveQuestion(@StringRes val label: Int, @StringRes val text: Int, val sends: Boolean) {
  WHAT_IS_THIS(R.string.live_what_is_this, R.string.live_what_is_this, true),
  READ_TEXT(R.string.live_read_text, R.string.live_read_text, true),
  TRANSLATE(R.string.live_translate, R.string.live_translate, true),
  HOW_MANY(R.string.live_how_many, R.string.live_how_many_draft, false),
}

/**
 * Point-and-ask in a chat: the live viewfinder above the messages, and questions asked about what
 * it shows now. Each send takes the newest frame, stores it as the message's picture and sends; the
 * next question takes a new one.
 */
class LiveAsk
internal constructor(
  /** The viewfinder and the suggested questions, for the top of the chat. */
  val panel: @Composable () -> Unit,
  /** Sends the draft with the current frame (or, when the camera shows none, without). */
  val send: () -> Unit,
)

/**
 * Point-and-ask for [viewModel]'s chat while the caller is composed: the camera opens (asking for
 * the permission) and closes when the caller leaves or the screen pauses. [beforeSend] runs before
 * each send, as for a typed message.
 */
@Composable
fun rememberLiveAsk(
  container: AppContainer,
  viewModel: ChatViewModel,
  beforeSend: () -> Unit,
): LiveAsk {
  val camera = rememberCamera(container, CameraUse.LIVE)
  val scope = rememberCoroutineScope()
  val context = LocalContext.current
  return remember(camera) {
    val send: () -> Unit = {
      scope.launch {
        camera.controller.captureFrame()?.let(viewModel::addPicture)
        beforeSend()
        viewModel.send()
      }
    }
    LiveAsk(
      panel = {
        val state by camera.controller.state.collectAsStateWithLifecycle()
        val chat by viewModel.uiState.collectAsStateWithLifecycle()
        LivePanel(
          state,
          camera.actions(),
          canAsk = chat.idle && !chat.modelMissing && state is CameraState.Previewing,
          onQuestion = { question ->
            viewModel.onDraftChange(context.getString(question.text))
            if (question.sends) send()
          },
          viewfinder = { Viewfinder(camera.controller, it) },
        )
      },
      send = send,
    )
  }
}

/** The viewfinder (or why there is none) and the suggested questions under it. */
@Composable
fun LivePanel(
  state: CameraState,
  actions: CameraActions,
  canAsk: Boolean,
  onQuestion: (LiveQuestion) -> Unit,
  viewfinder: @Composable (Modifier) -> Unit,
) {
  Column(Modifier.fillMaxWidth().testTag("live_panel")) {
    Box(
      Modifier.fillMaxWidth().height(PREVIEW_HEIGHT).background(Color.Black),
      contentAlignment = Alignment.Center,
    ) {
      when (state) {
        is CameraState.Previewing,
        CameraState.Capturing -> viewfinder(Modifier.fillMaxWidth().height(PREVIEW_HEIGHT))
        else -> CameraMessage(state, actions)
      }
    }
    Row(
      Modifier.fillMaxWidth().horizontalScroll(rememberScrollState()).padding(horizontal = 8.dp),
      horizontalArrangement = Arrangement.spacedBy(8.dp),
    ) {
      LiveQuestion.entries.forEach { question ->
        AssistChip(
          onClick = { onQuestion(question) },
          label = { Text(stringResource(question.label)) },
          enabled = canAsk,
        )
      }
    }
  }
}

/** Enough to aim at something, leaving most of a phone's height to the answer. */
private val PREVIEW_HEIGHT = 220.dp
