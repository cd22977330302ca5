package app.lumen.app.ui.conversations

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.ConversationPreview
import app.lumen.app.export.ChatExport
import app.lumen.app.export.ExportFormat
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flatMapLatest
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch

/** The list of chats: what the screen shows. Immutable. */
data class ConversationsUiState(
  val query: String = "",
  val conversations: List<ConversationPreview> = emptyList(),
  /** Deleted but still undoable: hidden from the list until the undo chance passes. */
  val pendingDeletion: ConversationPreview? = null,
  val loaded: Boolean = false,
)

/** A chat written out for sharing. */
data class ExportedChat(val fileName: String, val mimeType: String, val content: String)

/**
 * The chats list: search, rename, delete with undo, export. A deletion is only carried out when the
 * undo chance passes ([commitDeletion]) — or when another chat is deleted — and it runs in
 * [appScope] so leaving the screen does not cancel it. It goes through [runner], which first stops
 * an answer being written in the deleted chat.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class ConversationsViewModel(
  private val repository: ChatRepository,
  private val appScope: CoroutineScope,
  private val runner: ChatRunner,
) : ViewModel() {
  private val query = MutableStateFlow("")
  private val pending = MutableStateFlow<ConversationPreview?>(null)

  val uiState: StateFlow<ConversationsUiState> =
    combine(query, query.flatMapLatest { repository.observeConversations(it) }, pending) {
        q,
        list,
        deleting ->
        ConversationsUiState(
          query = q,
          conversations = list.filter { it.conversation.id != deleting?.conversation?.id },
          pendingDeletion = deleting,
          loaded = true,
        )
      }
      .stateIn(viewModelScope, SharingStarted.Eagerly, ConversationsUiState())

  fun onQueryChange(text: String) {
    query.value = text
  }

  fun rename(conversationId: Long, title: String) {
    if (title.isBlank()) return
    viewModelScope.launch { repository.rename(conversationId, title) }
  }

  fun delete(conversationId: Long) {
    val preview =
      uiState.value.conversations.firstOrNull { it.conversation.id == conversationId } ?: return
    commitDeletion()
    pending.value = preview
  }

  fun undoDeletion() {
    pending.value = null
  }

  /** Carries out the pending deletion (the snackbar went away without undo). */
  fun commitDeletion() {
    val deleting = pending.value ?: return
    appScope.launch {
      runner.deleteConversation(deleting.conversation.id)
      pending.compareAndSet(deleting, null)
    }
  }

  suspend fun export(conversationId: Long, format: ExportFormat): ExportedChat? {
    val conversation = repository.conversation(conversationId) ?: return null
    val content = ChatExport.render(conversation, repository.messages(conversationId), format)
    return ExportedChat(ChatExport.fileName(conversation, format), format.mimeType, content)
  }

  override fun onCleared() {
    commitDeletion()
  }
}
