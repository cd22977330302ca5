package app.lumen.app.ui.chat

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.automirrored.filled.Send
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Close
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.FilledIconButton
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.runtime.snapshotFlow
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.camera.CameraIcons
import app.lumen.app.chat.ChatPhase
import app.lumen.app.chat.ChatRules
import app.lumen.app.data.Author
import app.lumen.app.data.NewAttachment
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.voice.AutoReadToggle
import app.lumen.app.voice.ChatVoice
import app.lumen.app.voice.MicrophoneButton
import app.lumen.app.voice.VoiceActions
import app.lumen.app.voice.VoiceStatus
import app.lumen.app.voice.VoiceUiState

/** The callbacks of the stateless chat screen. */
data class ChatActions(
  val onDraftChange: (String) -> Unit = {},
  val onSend: () -> Unit = {},
  val onStop: () -> Unit = {},
  val onRegenerate: () -> Unit = {},
  val onEditLast: () -> Unit = {},
  val onCancelEdit: () -> Unit = {},
  val onContinue: (Long) -> Unit = {},
  val onRetry: () -> Unit = {},
  val onLoadAnyway: () -> Unit = {},
  val onNewChatWithRecap: () -> Unit = {},
  val onOpenConversation: (Long) -> Unit = {},
  val onAttachPhoto: () -> Unit = {},
  val onRemovePhoto: (NewAttachment) -> Unit = {},
  val onOpenModels: () -> Unit = {},
  val onBack: () -> Unit = {},
  val voice: VoiceActions = VoiceActions(),
  val onSetPhotoBudget: (NewAttachment, PhotoBudget) -> Unit = { _, _ -> },
  val onUsePhotoBudgetAsDefault: (PhotoBudget) -> Unit = {},
  val onOpenCamera: () -> Unit = {},
  /** Turns point-and-ask (the live viewfinder above the chat) on or off. */
  val onToggleLive: () -> Unit = {},
)

/**
 * The chat screen bound to its ViewModel; everything it shows comes from [ChatViewModel.uiState].
 */
@Composable
fun ChatScreen(
  viewModel: ChatViewModel,
  onOpenModels: () -> Unit,
  onBack: () -> Unit,
  onOpenConversation: (Long) -> Unit,
  onAttachPhoto: () -> Unit = {},
  beforeSend: () -> Unit = {},
  voice: ChatVoice? = null,
  onOpenCamera: () -> Unit = {},
  onToggleLive: () -> Unit = {},
  /** Point-and-ask's viewfinder and questions, above the messages; null when it is off. */
  livePanel: (@Composable () -> Unit)? = null,
  /** Sends instead of [ChatViewModel.send] (point-and-ask adds the frame first). */
  send: (() -> Unit)? = null,
) {
  val state by viewModel.uiState.collectAsStateWithLifecycle()
  // Back from Models (or from another app), the model chats use may be another one.
  LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { viewModel.refreshModelName() }
  ChatScreen(
    state,
    ChatActions(
      onDraftChange = viewModel::onDraftChange,
      onSend =
        send
          ?: {
            beforeSend()
            viewModel.send()
          },
      onStop = viewModel::stop,
      onRegenerate = viewModel::regenerate,
      onEditLast = viewModel::startEditingLastMessage,
      onCancelEdit = viewModel::cancelEditing,
      onContinue = viewModel::continueAnswer,
      onRetry = viewModel::retry,
      onLoadAnyway = viewModel::loadAnyway,
      onNewChatWithRecap = { viewModel.newChatWithRecap(onOpenConversation) },
      onOpenConversation = onOpenConversation,
      onAttachPhoto = onAttachPhoto,
      onRemovePhoto = viewModel::removePicture,
      onOpenModels = onOpenModels,
      onBack = onBack,
      voice = voice?.actions ?: VoiceActions(),
      onSetPhotoBudget = viewModel::setPictureBudget,
      onUsePhotoBudgetAsDefault = viewModel::useAsDefaultBudget,
      onOpenCamera = onOpenCamera,
      onToggleLive = onToggleLive,
    ),
    voice?.state ?: VoiceUiState(),
    livePanel,
  )
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
internal fun ChatScreen(
  state: ChatUiState,
  actions: ChatActions,
  voice: VoiceUiState = VoiceUiState(),
  livePanel: (@Composable () -> Unit)? = null,
) {
  var viewing by remember { mutableStateOf<PhotoViewing?>(null) }
  val onView = { paths: List<String>, index: Int -> viewing = PhotoViewing(paths, index) }
  viewing?.let { PhotoViewerDialog(it, onClose = { viewing = null }) }
  Scaffold(
    topBar = {
      TopAppBar(
        title = { ChatTitle(state) },
        navigationIcon = {
          IconButton(onClick = actions.onBack) {
            Icon(Icons.AutoMirrored.Filled.ArrowBack, stringResource(R.string.back))
          }
        },
        actions = {
          LiveToggle(on = livePanel != null, actions.onToggleLive)
          AutoReadToggle(voice, actions.voice)
        },
      )
    }
  ) { padding ->
    Column(Modifier.fillMaxSize().padding(padding).imePadding()) {
      if (state.modelMissing) {
        ModelMissingCard(actions.onOpenModels, Modifier.padding(16.dp))
      }
      livePanel?.invoke()
      MessageList(state, actions, voice, Modifier.weight(1f), onView)
      state.phase?.let { PhaseIndicator(it) }
      state.answeringElsewhere?.let { AnsweringElsewhereBar(it, actions) }
      InputBar(state, actions, voice, onView)
    }
  }
}

/** The chat's title, and under it the model that answers next. */
@Composable
private fun ChatTitle(state: ChatUiState) {
  Column {
    Text(state.title.ifBlank { stringResource(R.string.new_chat) }, maxLines = 1)
    state.modelName?.let {
      Text(
        it,
        Modifier.testTag("chat_model"),
        style = MaterialTheme.typography.labelMedium,
        color = MaterialTheme.colorScheme.onSurfaceVariant,
        maxLines = 1,
      )
    }
  }
}

@Composable
private fun ModelMissingCard(onOpenModels: () -> Unit, modifier: Modifier = Modifier) {
  Card(modifier.fillMaxWidth().testTag("model_missing")) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
      Text(
        stringResource(R.string.model_missing_title),
        style = MaterialTheme.typography.titleMedium,
      )
      Text(stringResource(R.string.model_missing_body))
      Button(onClick = onOpenModels) { Text(stringResource(R.string.model_missing_action)) }
    }
  }
}

/**
 * Newest at the bottom. The list is reversed so the bottom is its anchor: a growing answer stays in
 * view while the user is at the bottom, and stays put once they scroll up to read.
 */
@Composable
private fun MessageList(
  state: ChatUiState,
  actions: ChatActions,
  voice: VoiceUiState,
  modifier: Modifier,
  onView: (List<String>, Int) -> Unit,
) {
  val listState = rememberLazyListState()
  val reversed = remember(state.messages) { state.messages.asReversed() }
  // A new message (not a growing one) scrolls down when the user was following the bottom.
  var following by remember { mutableStateOf(true) }
  LaunchedEffect(listState) {
    snapshotFlow {
        listState.firstVisibleItemIndex == 0 && listState.firstVisibleItemScrollOffset == 0
      }
      .collect { following = it }
  }
  LaunchedEffect(state.messages.size) { if (following) listState.scrollToItem(0) }
  if (state.messages.isEmpty()) {
    Box(modifier.fillMaxWidth().padding(24.dp), contentAlignment = Alignment.Center) {
      Text(stringResource(R.string.chat_empty), style = MaterialTheme.typography.bodyLarge)
    }
    return
  }
  LazyColumn(
    state = listState,
    reverseLayout = true,
    modifier = modifier.fillMaxWidth().testTag("messages"),
    contentPadding = PaddingValues(16.dp),
    verticalArrangement = Arrangement.spacedBy(12.dp),
  ) {
    items(reversed, key = { it.id }) { message ->
      val isLast = message.id == state.messages.last().id
      when (message.author) {
        Author.USER ->
          UserMessage(
            message,
            canEdit = message.id == state.lastUserMessageId && state.idle,
            onEdit = actions.onEditLast,
            onView = onView,
          )
        Author.ASSISTANT ->
          AssistantMessage(
            message,
            isLast = isLast,
            // Regenerate, Continue and Retry wait for any answer, in this chat or another.
            generating = !state.idle,
            actions = actions,
            voice = voice,
          )
      }
    }
  }
}

@Composable
private fun PhaseIndicator(phase: ChatPhase) {
  Column(Modifier.fillMaxWidth().padding(horizontal = 16.dp).testTag("phase")) {
    LinearProgressIndicator(Modifier.fillMaxWidth())
    Text(
      stringResource(
        when (phase) {
          ChatPhase.LOADING_MODEL -> R.string.phase_loading_model
          ChatPhase.ENCODING_IMAGE -> R.string.phase_encoding_image
          ChatPhase.READING -> R.string.phase_reading
          ChatPhase.THINKING -> R.string.phase_thinking
          ChatPhase.ANSWERING -> R.string.phase_answering
        }
      ),
      style = MaterialTheme.typography.labelMedium,
      modifier = Modifier.padding(vertical = 4.dp),
    )
  }
}

/** Why nothing can start here: another chat's answer, with the way to it and a Stop. */
@Composable
private fun AnsweringElsewhereBar(elsewhere: AnsweringElsewhere, actions: ChatActions) {
  Row(
    verticalAlignment = Alignment.CenterVertically,
    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp).testTag("answering_elsewhere"),
  ) {
    Text(
      stringResource(
        R.string.answering_elsewhere,
        elsewhere.title.ifBlank { stringResource(R.string.untitled_chat) },
      ),
      style = MaterialTheme.typography.labelMedium,
      modifier = Modifier.weight(1f),
    )
    TextButton(onClick = { actions.onOpenConversation(elsewhere.conversationId) }) {
      Text(stringResource(R.string.open_chat))
    }
    TextButton(onClick = actions.onStop) { Text(stringResource(R.string.stop)) }
  }
}

@Composable
private fun InputBar(
  state: ChatUiState,
  actions: ChatActions,
  voice: VoiceUiState,
  onView: (List<String>, Int) -> Unit,
) {
  Column(Modifier.fillMaxWidth().padding(8.dp)) {
    VoiceStatus(voice, actions.voice)
    if (state.refused) {
      Text(
        stringResource(R.string.request_refused),
        color = MaterialTheme.colorScheme.error,
        style = MaterialTheme.typography.labelMedium,
        modifier = Modifier.padding(horizontal = 8.dp).testTag("refused"),
      )
    }
    if (state.editing) {
      Row(verticalAlignment = Alignment.CenterVertically) {
        Text(
          stringResource(R.string.editing_last_message),
          style = MaterialTheme.typography.labelMedium,
          modifier = Modifier.weight(1f).padding(start = 8.dp),
        )
        TextButton(onClick = actions.onCancelEdit) { Text(stringResource(R.string.cancel)) }
      }
    }
    if (state.pendingPictures.isNotEmpty()) {
      PendingPhotos(state.pendingPictures, state.photoBudgets, actions, onView)
    }
    Row(verticalAlignment = Alignment.CenterVertically) {
      IconButton(
        onClick = actions.onAttachPhoto,
        enabled =
          !state.generating && !state.editing && state.pendingPictures.size < ChatRules.MAX_PICTURES,
      ) {
        Icon(Icons.Filled.Add, stringResource(R.string.attach_photo))
      }
      IconButton(
        onClick = actions.onOpenCamera,
        enabled =
          !state.generating && !state.editing && state.pendingPictures.size < ChatRules.MAX_PICTURES,
      ) {
        Icon(CameraIcons.Camera, stringResource(R.string.open_camera))
      }
      OutlinedTextField(
        value = state.draft,
        onValueChange = actions.onDraftChange,
        placeholder = {
          Text(stringResource(if (state.editing) R.string.edit_hint else R.string.message_hint))
        },
        maxLines = 6,
        modifier = Modifier.weight(1f).testTag("input"),
      )
      MicrophoneButton(voice, actions.voice)
      if (state.generating) {
        FilledIconButton(onClick = actions.onStop, modifier = Modifier.testTag("stop")) {
          Icon(Icons.Filled.Close, stringResource(R.string.stop))
        }
      } else {
        FilledIconButton(
          onClick = actions.onSend,
          enabled = state.canSend,
          modifier = Modifier.testTag("send"),
        ) {
          Icon(Icons.AutoMirrored.Filled.Send, stringResource(R.string.send))
        }
      }
    }
  }
}

@Composable
private fun LiveToggle(on: Boolean, onToggle: () -> Unit) {
  IconButton(onClick = onToggle) {
    Icon(
      CameraIcons.Eye,
      stringResource(if (on) R.string.live_mode_stop else R.string.live_mode_start),
      tint = if (on) MaterialTheme.colorScheme.primary else LocalContentColor.current,
    )
  }
}
