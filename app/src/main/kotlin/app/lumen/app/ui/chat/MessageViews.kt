package app.lumen.app.ui.chat

import android.content.Context
import android.content.Intent
import androidx.compose.animation.AnimatedVisibility
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.painter.ColorPainter
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalClipboardManager
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.unit.dp
import app.lumen.R
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStats
import app.lumen.app.data.MessageStatus
import app.lumen.app.ui.markdown.MarkdownText
import app.lumen.app.voice.ReadAloudButton
import app.lumen.app.voice.VoiceUiState
import coil3.ImageLoader
import coil3.bitmapFactoryExifOrientationStrategy
import coil3.compose.AsyncImage
import coil3.decode.ExifOrientationStrategy
import java.io.File
import java.util.Locale
import kotlin.coroutines.CoroutineContext

// The pieces of one message in the chat: bubbles, answer, thinking, status, figures, actions.

@Composable
internal fun UserMessage(
  message: Message,
  canEdit: Boolean,
  onEdit: () -> Unit,
  onView: (List<String>, Int) -> Unit = { _, _ -> },
) {
  Column(Modifier.fillMaxWidth(), horizontalAlignment = Alignment.End) {
    if (message.attachments.isNotEmpty()) {
      Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
        val files = message.attachments.map { it.filePath }
        message.attachments.forEachIndexed { index, attachment ->
          val open = stringResource(R.string.photo_open, index + 1)
          Thumbnail(
            attachment.thumbnailPath ?: attachment.filePath,
            Modifier.testTag("chat_photo").clickable(onClickLabel = open) { onView(files, index) },
          )
        }
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

/**
 * A loader for the chat's thumbnails: decodes on [background], keeps recent ones in memory and
 * turns every picture upright by its EXIF orientation (Coil's default does so only for files it
 * knows to be JPEG by name, and the app's originals are named `.img`). Pictures are app files, so
 * there is no disk cache; the app has no network fetcher.
 */
fun thumbnailLoader(context: Context, background: CoroutineContext): ImageLoader.Builder =
  ImageLoader.Builder(context)
    .coroutineContext(background)
    .diskCache(null)
    .bitmapFactoryExifOrientationStrategy(ExifOrientationStrategy.RESPECT_ALL)

/**
 * Loads the chat's thumbnails; the app provides its own ([app.lumen.app.AppContainer.imageLoader]).
 */
internal val LocalThumbnailLoader =
  staticCompositionLocalOf<ImageLoader> { error("no thumbnail loader: LumenApp provides it") }

/**
 * A picture of the chat. The loader decodes it off the main thread (never while composing), turns
 * it upright by its EXIF orientation and keeps recent ones in memory; until then, and when the file
 * cannot be decoded, a plain tile stands in.
 */
@Composable
internal fun Thumbnail(path: String, modifier: Modifier = Modifier) {
  val tile = ColorPainter(MaterialTheme.colorScheme.surfaceVariant)
  AsyncImage(
    model = File(path),
    contentDescription = stringResource(R.string.photo),
    imageLoader = LocalThumbnailLoader.current,
    modifier = modifier.size(96.dp),
    placeholder = tile,
    error = tile,
    contentScale = ContentScale.Crop,
  )
}

@Composable
internal fun AssistantMessage(
  message: Message,
  isLast: Boolean,
  generating: Boolean,
  actions: ChatActions,
  voice: VoiceUiState = VoiceUiState(),
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
    if (!streaming) {
      MessageActions(message, isLast && !generating, actions.onRegenerate) {
        ReadAloudButton(message, voice, actions.voice)
      }
    }
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
    message.finishReason == ChatRunner.LOAD_CONFIRMATION ->
      Notice(message.error.orEmpty(), error) {
        if (canAct) {
          TextButton(onClick = actions.onLoadAnyway) { Text(stringResource(R.string.load_anyway)) }
        }
      }
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
    stats.backendFallback?.let { reason ->
      Text(
        stringResource(R.string.stats_backend_fallback, stats.backend, reason),
        style = MaterialTheme.typography.bodySmall,
        modifier = Modifier.testTag("stats-fallback"),
      )
    }
  }
}

@Composable
private fun MessageActions(
  message: Message,
  canRegenerate: Boolean,
  onRegenerate: () -> Unit,
  readAloud: @Composable () -> Unit,
) {
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
      readAloud()
    }
    if (canRegenerate) {
      TextButton(onClick = onRegenerate) { Text(stringResource(R.string.regenerate)) }
    }
  }
}
