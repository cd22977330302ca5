package app.lumen.app.ui.chat

import android.content.Intent
import androidx.compose.animation.AnimatedVisibility
import androidx.compose.foundation.Image
import androidx.compose.foundation.clickable
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
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.foundation.text.selection.SelectionContainer
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
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.runtime.snapshotFlow
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalClipboardManager
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.chat.ChatPhase
import app.lumen.app.data.Author
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStats
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.app.ui.markdown.MarkdownText
import java.util.Locale

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
  val onNewChatWithRecap: () -> Unit = {},
  val onAttachPhoto: () -> Unit = {},
  val onRemovePhoto: (NewAttachment) -> Unit = {},
  val onOpenModels: () -> Unit = {},
  val onBack: () -> Unit = {},
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
) {
  val state by viewModel.uiState.collectAsStateWithLifecycle()
  ChatScreen(
    state,
    ChatActions(
      onDraftChange = viewModel::onDraftChange,
      onSend = {
        beforeSend()
        viewModel.send()
      },
      onStop = viewModel::stop,
      onRegenerate = viewModel::regenerate,
      onEditLast = viewModel::startEditingLastMessage,
      onCancelEdit = viewModel::cancelEditing,
      onContinue = viewModel::continueAnswer,
      onRetry = viewModel::retry,
      onNewChatWithRecap = { viewModel.newChatWithRecap(onOpenConversation) },
      onAttachPhoto = onAttachPhoto,
      onRemovePhoto = viewModel::removePicture,
      onOpenModels = onOpenModels,
      onBack = onBack,
    ),
  )
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
internal fun ChatScreen(state: ChatUiState, actions: ChatActions) {
  Scaffold(
    topBar = {
      TopAppBar(
        title = { Text(state.title.ifBlank { stringResource(R.string.new_chat) }, maxLines = 1) },
        navigationIcon = {
          IconButton(onClick = actions.onBack) {
            Icon(Icons.AutoMirrored.Filled.ArrowBack, stringResource(R.string.back))
          }
        },
      )
    }
  ) { padding ->
    Column(Modifier.fillMaxSize().padding(padding).imePadding()) {
      if (state.modelMissing) {
        ModelMissingCard(actions.onOpenModels, Modifier.padding(16.dp))
      }
      MessageList(state, actions, Modifier.weight(1f))
      state.phase?.let { PhaseIndicator(it) }
      InputBar(state, actions)
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
private fun MessageList(state: ChatUiState, actions: ChatActions, modifier: Modifier) {
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
            canEdit = message.id == state.lastUserMessageId && !state.generating,
            onEdit = actions.onEditLast,
          )
        Author.ASSISTANT ->
          AssistantMessage(
            message,
            isLast = isLast,
            generating = state.generating,
            actions = actions,
          )
      }
    }
  }
}

@Composable
private fun UserMessage(message: Message, canEdit: Boolean, onEdit: () -> Unit) {
  Column(Modifier.fillMaxWidth(), horizontalAlignment = Alignment.End) {
    if (message.attachments.isNotEmpty()) {
      Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
        message.attachments.forEach { Thumbnail(it.thumbnailPath ?: it.filePath) }
      }
    }
    Surface(
      color = MaterialTheme.colorScheme.primaryContainer,
      shape = MaterialTheme.shapes.large,
      modifier = Modifier.widthIn(max = 320.dp).testTag("user_message"),
    ) {
      SelectionContainer { Text(message.text, Modifier.padding(12.dp)) }
    }
    if (canEdit) {
      TextButton(onClick = onEdit) { Text(stringResource(R.string.edit)) }
    }
  }
}

@Composable
private fun Thumbnail(path: String) {
  val bitmap = remember(path) { android.graphics.BitmapFactory.decodeFile(path)?.asImageBitmap() }
  if (bitmap != null) {
    Image(
      bitmap,
      stringResource(R.string.photo),
      Modifier.size(96.dp),
      contentScale = ContentScale.Crop,
    )
  } else {
    Surface(Modifier.size(96.dp), color = MaterialTheme.colorScheme.surfaceVariant) {
      Box(contentAlignment = Alignment.Center) { Text(stringResource(R.string.photo)) }
    }
  }
}

@Composable
private fun AssistantMessage(
  message: Message,
  isLast: Boolean,
  generating: Boolean,
  actions: ChatActions,
) {
  val streaming = message.status == MessageStatus.STREAMING
  var showStats by rememberSaveable(message.id) { mutableStateOf(false) }
  Column(Modifier.fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(6.dp)) {
    message.thinking
      ?.takeIf { it.isNotBlank() }
      ?.let { ThinkingBlock(it, live = streaming && message.text.isEmpty()) }
    // Tapping the answer itself shows its figures.
    if (message.text.isNotEmpty()) {
      MarkdownText(
        message.text,
        Modifier.fillMaxWidth().testTag("assistant_message").clickable(enabled = !streaming) {
          showStats = !showStats
        },
      )
    }
    StatusLine(message, isLast, generating, actions)
    AnimatedVisibility(showStats && message.stats != null) { message.stats?.let { StatsLine(it) } }
    if (!streaming) MessageActions(message, isLast && !generating, actions.onRegenerate)
  }
}

/** Reasoning in a collapsible block: open while the model is thinking, closed afterwards. */
@Composable
private fun ThinkingBlock(thinking: String, live: Boolean) {
  var expanded by rememberSaveable { mutableStateOf(false) }
  val open = live || expanded
  Surface(
    color = MaterialTheme.colorScheme.secondaryContainer,
    shape = MaterialTheme.shapes.medium,
    modifier = Modifier.fillMaxWidth().testTag("thinking"),
  ) {
    Column(Modifier.clickable { expanded = !expanded }.padding(12.dp)) {
      Text(
        stringResource(if (live) R.string.phase_thinking else R.string.thought) +
          if (open) " ▾" else " ▸",
        style = MaterialTheme.typography.labelLarge,
      )
      if (open) {
        Text(
          thinking,
          style = MaterialTheme.typography.bodyMedium,
          modifier = Modifier.padding(top = 6.dp),
        )
      }
    }
  }
}

@Composable
private fun StatusLine(
  message: Message,
  isLast: Boolean,
  generating: Boolean,
  actions: ChatActions,
) {
  val canAct = isLast && !generating
  val error = MaterialTheme.colorScheme.error
  when {
    message.status == MessageStatus.FAILED ->
      Notice(stringResource(R.string.status_failed, message.error.orEmpty()), error) {
        if (canAct) TextButton(onClick = actions.onRetry) { Text(stringResource(R.string.retry)) }
      }
    message.status == MessageStatus.INTERRUPTED ->
      Notice(stringResource(R.string.status_interrupted)) {
        if (canAct) ContinueButton(message.id, actions)
      }
    message.status == MessageStatus.CANCELLED ->
      Notice(stringResource(R.string.status_cancelled)) {
        if (canAct && message.text.isNotEmpty()) ContinueButton(message.id, actions)
      }
    message.finishReason == "max_tokens" ->
      Notice(stringResource(R.string.status_max_tokens)) {
        if (canAct) ContinueButton(message.id, actions)
      }
    message.finishReason == "context_full" ->
      Notice(stringResource(R.string.status_context_full)) {
        if (canAct) {
          TextButton(onClick = actions.onNewChatWithRecap) {
            Text(stringResource(R.string.new_chat_with_recap))
          }
        }
      }
  }
}

@Composable
private fun ContinueButton(messageId: Long, actions: ChatActions) {
  TextButton(onClick = { actions.onContinue(messageId) }) {
    Text(stringResource(R.string.continue_answer))
  }
}

@Composable
private fun Notice(
  text: String,
  color: androidx.compose.ui.graphics.Color = MaterialTheme.colorScheme.onSurfaceVariant,
  action: @Composable () -> Unit,
) {
  Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.testTag("notice")) {
    Text(
      text,
      color = color,
      style = MaterialTheme.typography.bodyMedium,
      modifier = Modifier.weight(1f),
    )
    action()
  }
}

@Composable
private fun StatsLine(stats: MessageStats) {
  fun f(value: Double) = String.format(Locale.ROOT, "%.1f", value)
  Column(Modifier.testTag("stats")) {
    Text(
      stringResource(
        R.string.stats_line,
        f(stats.ttftMillis),
        f(stats.prefillTokensPerSecond),
        f(stats.decodeTokensPerSecond),
        stats.generatedTokens,
        stats.backend,
      ),
      style = MaterialTheme.typography.bodySmall,
    )
    if (stats.imageEncodeMillis > 0) {
      Text(
        stringResource(R.string.stats_image, f(stats.imageEncodeMillis)),
        style = MaterialTheme.typography.bodySmall,
      )
    }
  }
}

@Composable
private fun MessageActions(message: Message, canRegenerate: Boolean, onRegenerate: () -> Unit) {
  val clipboard = LocalClipboardManager.current
  val context = LocalContext.current
  val shareTitle = stringResource(R.string.share)
  Row {
    if (message.text.isNotEmpty()) {
      TextButton(onClick = { clipboard.setText(AnnotatedString(message.text)) }) {
        Text(stringResource(R.string.copy))
      }
      TextButton(
        onClick = {
          val send =
            Intent(Intent.ACTION_SEND)
              .setType("text/plain")
              .putExtra(Intent.EXTRA_TEXT, message.text)
          context.startActivity(Intent.createChooser(send, shareTitle))
        }
      ) {
        Text(stringResource(R.string.share))
      }
    }
    if (canRegenerate) {
      TextButton(onClick = onRegenerate) { Text(stringResource(R.string.regenerate)) }
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

@Composable
private fun InputBar(state: ChatUiState, actions: ChatActions) {
  Column(Modifier.fillMaxWidth().padding(8.dp)) {
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
      LazyRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
        items(state.pendingPictures) { picture ->
          Box {
            Thumbnail(picture.thumbnailPath ?: picture.filePath)
            IconButton(
              onClick = { actions.onRemovePhoto(picture) },
              Modifier.align(Alignment.TopEnd),
            ) {
              Icon(Icons.Filled.Close, stringResource(R.string.remove_photo))
            }
          }
        }
      }
    }
    Row(verticalAlignment = Alignment.CenterVertically) {
      IconButton(onClick = actions.onAttachPhoto, enabled = !state.generating && !state.editing) {
        Icon(Icons.Filled.Add, stringResource(R.string.attach_photo))
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
