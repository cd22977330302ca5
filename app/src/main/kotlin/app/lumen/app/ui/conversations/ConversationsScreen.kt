package app.lumen.app.ui.conversations

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.MoreVert
import androidx.compose.material.icons.filled.Search
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarDuration
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.SnackbarResult
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.data.ConversationPreview
import app.lumen.app.export.ExportFormat
import app.lumen.app.export.ShareChat
import java.text.DateFormat
import java.util.Date
import kotlinx.coroutines.launch

/** Callbacks of the stateless chats list. */
data class ConversationsActions(
  val onQueryChange: (String) -> Unit = {},
  val onOpen: (Long) -> Unit = {},
  val onNewChat: () -> Unit = {},
  val onRename: (Long, String) -> Unit = { _, _ -> },
  val onDelete: (Long) -> Unit = {},
  val onUndoDelete: () -> Unit = {},
  val onDeletionShown: () -> Unit = {},
  val onExport: (Long, ExportFormat) -> Unit = { _, _ -> },
)

@Composable
fun ConversationsScreen(
  viewModel: ConversationsViewModel,
  onOpen: (Long) -> Unit,
  onNewChat: () -> Unit,
) {
  val state by viewModel.uiState.collectAsStateWithLifecycle()
  val context = LocalContext.current
  val scope = rememberCoroutineScope()
  val shareTitle = stringResource(R.string.share_chat)
  ConversationsScreen(
    state,
    ConversationsActions(
      onQueryChange = viewModel::onQueryChange,
      onOpen = onOpen,
      onNewChat = onNewChat,
      onRename = viewModel::rename,
      onDelete = viewModel::delete,
      onUndoDelete = viewModel::undoDeletion,
      onDeletionShown = viewModel::commitDeletion,
      onExport = { id, format ->
        scope.launch {
          val chat = viewModel.export(id, format) ?: return@launch
          context.startActivity(ShareChat.intent(context, chat, shareTitle))
        }
      },
    ),
  )
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
internal fun ConversationsScreen(state: ConversationsUiState, actions: ConversationsActions) {
  val snackbar = remember { SnackbarHostState() }
  val deletedMessage = stringResource(R.string.chat_deleted)
  val undo = stringResource(R.string.undo)
  LaunchedEffect(state.pendingDeletion) {
    if (state.pendingDeletion != null) {
      val result = snackbar.showSnackbar(deletedMessage, undo, duration = SnackbarDuration.Short)
      if (result == SnackbarResult.ActionPerformed) actions.onUndoDelete()
      else actions.onDeletionShown()
    }
  }
  var renaming by remember { mutableStateOf<ConversationPreview?>(null) }
  Scaffold(
    topBar = { TopAppBar(title = { Text(stringResource(R.string.chats_title)) }) },
    floatingActionButton = {
      ExtendedFloatingActionButton(
        onClick = actions.onNewChat,
        icon = { Icon(Icons.Filled.Add, null) },
        text = { Text(stringResource(R.string.new_chat)) },
        modifier = Modifier.testTag("new_chat"),
      )
    },
    snackbarHost = { SnackbarHost(snackbar) },
  ) { padding ->
    Column(Modifier.fillMaxSize().padding(padding)) {
      OutlinedTextField(
        value = state.query,
        onValueChange = actions.onQueryChange,
        leadingIcon = { Icon(Icons.Filled.Search, null) },
        placeholder = { Text(stringResource(R.string.search_chats)) },
        singleLine = true,
        modifier =
          Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp).testTag("search"),
      )
      if (state.loaded && state.conversations.isEmpty()) {
        Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
          Text(
            if (state.query.isBlank()) stringResource(R.string.chats_empty)
            else stringResource(R.string.chats_no_results, state.query),
            style = MaterialTheme.typography.bodyLarge,
          )
        }
      } else {
        LazyColumn(Modifier.fillMaxSize().testTag("conversations")) {
          items(state.conversations, key = { it.conversation.id }) { item ->
            ConversationRow(item, actions, onRename = { renaming = item })
            HorizontalDivider()
          }
        }
      }
    }
  }
  renaming?.let { item ->
    RenameDialog(
      initial = item.conversation.title,
      onDismiss = { renaming = null },
      onSave = {
        actions.onRename(item.conversation.id, it)
        renaming = null
      },
    )
  }
}

@Composable
private fun ConversationRow(
  item: ConversationPreview,
  actions: ConversationsActions,
  onRename: () -> Unit,
) {
  val id = item.conversation.id
  var menu by remember { mutableStateOf(false) }
  ListItem(
    headlineContent = {
      Text(item.conversation.title.ifBlank { stringResource(R.string.untitled_chat) }, maxLines = 1)
    },
    supportingContent = { item.preview?.let { Text(plainPreview(it), maxLines = 2) } },
    overlineContent = {
      Text(
        DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT)
          .format(Date(item.conversation.updatedAtMillis))
      )
    },
    trailingContent = {
      Box {
        IconButton(onClick = { menu = true }, Modifier.testTag("menu_$id")) {
          Icon(Icons.Filled.MoreVert, stringResource(R.string.more_options))
        }
        DropdownMenu(expanded = menu, onDismissRequest = { menu = false }) {
          DropdownMenuItem(
            text = { Text(stringResource(R.string.rename)) },
            onClick = {
              menu = false
              onRename()
            },
          )
          DropdownMenuItem(
            text = { Text(stringResource(R.string.export_markdown)) },
            onClick = {
              menu = false
              actions.onExport(id, ExportFormat.MARKDOWN)
            },
          )
          DropdownMenuItem(
            text = { Text(stringResource(R.string.export_json)) },
            onClick = {
              menu = false
              actions.onExport(id, ExportFormat.JSON)
            },
          )
          DropdownMenuItem(
            text = { Text(stringResource(R.string.delete)) },
            onClick = {
              menu = false
              actions.onDelete(id)
            },
          )
        }
      }
    },
    modifier = Modifier.clickable { actions.onOpen(id) }.testTag("conversation_$id"),
  )
}

@Composable
private fun RenameDialog(initial: String, onDismiss: () -> Unit, onSave: (String) -> Unit) {
  var title by rememberSaveable { mutableStateOf(initial) }
  AlertDialog(
    onDismissRequest = onDismiss,
    title = { Text(stringResource(R.string.rename_chat)) },
    text = {
      OutlinedTextField(
        title,
        { title = it },
        singleLine = true,
        modifier = Modifier.testTag("rename_field"),
      )
    },
    confirmButton = {
      TextButton(onClick = { onSave(title) }, enabled = title.isNotBlank()) {
        Text(stringResource(R.string.save))
      }
    },
    dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.cancel)) } },
  )
}

/** The latest message without Markdown markers, which read as noise in a one-line preview. */
internal fun plainPreview(markdown: String): String =
  markdown.replace(Regex("[*_`#>]+"), "").replace(Regex("\\s+"), " ").trim()
