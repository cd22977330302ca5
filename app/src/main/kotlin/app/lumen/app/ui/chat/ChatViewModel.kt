package app.lumen.app.ui.chat

import androidx.lifecycle.SavedStateHandle
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import app.lumen.app.chat.ActiveAnswer
import app.lumen.app.chat.ChatPhase
import app.lumen.app.chat.ChatRules
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.Author
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.app.data.UnsentPictures
import app.lumen.app.engine.EngineState
import app.lumen.app.engine.InferenceConnection
import app.lumen.app.photos.InMemoryBudgetChoice
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.PhotoBudgetChoice
import app.lumen.app.photos.PhotoBudgets
import app.lumen.app.photos.PhotoCosts
import app.lumen.app.photos.withBudget
import app.lumen.app.share.SharedDraft
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.flatMapLatest
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.mapLatest
import kotlinx.coroutines.flow.onStart
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch

/** The chat screen's whole state. Immutable; one per emission. */
data class ChatUiState(
  val conversationId: Long? = null,
  val title: String = "",
  val messages: List<Message> = emptyList(),
  /** Null when nothing is generating in this chat. */
  val phase: ChatPhase? = null,
  val draft: String = "",
  val pendingPictures: List<NewAttachment> = emptyList(),
  /** Set while the user edits their last message; sending replaces it. */
  val editing: Boolean = false,
  val modelMissing: Boolean = false,
  /** An answer is being written, in this chat or another: nothing new can start (runner's rule). */
  val busy: Boolean = false,
  /** The other chat an answer is being written in, to say why nothing can start here. */
  val answeringElsewhere: AnsweringElsewhere? = null,
  /** The last request was refused because another answer had started; nothing of it was lost. */
  val refused: Boolean = false,
  /** The name of the model the next answer uses; null with none installed or before it is read. */
  val modelName: String? = null,
  /** What each pending photo's budget costs, and the budget new photos take. */
  val photoBudgets: PhotoBudgets = PhotoBudgets(),
) {
  val generating: Boolean
    get() = phase != null

  /** Whether an answer can start now: sending, editing, regenerating, continuing, retrying. */
  val idle: Boolean
    get() = !generating && !busy

  /** A question needs words or a photo (a photo alone asks about the photo). */
  val canSend: Boolean
    get() = idle && (draft.isNotBlank() || pendingPictures.isNotEmpty()) && !modelMissing

  /** The last answer, when it is the last message (regenerate, continue and retry apply to it). */
  val lastAnswer: Message?
    get() = ChatRules.lastAnswer(messages)

  val lastUserMessageId: Long?
    get() = ChatRules.lastUserMessage(messages)?.id
}

/** An answer being written in another chat than the one on screen. */
data class AnsweringElsewhere(val conversationId: Long, val title: String)

/**
 * The chat screen's logic. The conversation is created on the first send when the screen opened as
 * a new chat (no id in [savedState]). Generation runs in [ChatRunner], which outlives this
 * ViewModel; the streaming answer's live text comes from it, the rest from the database. The
 * conversation's id and the draft live in [savedState] ([SavedComposer]), so they survive the
 * process.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class ChatViewModel(
  savedState: SavedStateHandle,
  private val repository: ChatRepository,
  private val runner: ChatRunner,
  connection: InferenceConnection,
  private val unsentPictures: UnsentPictures,
  /** Reads the name of the model chats use (off the main thread: it reads its manifest). */
  private val readModelName: suspend () -> String? = { null },
  /** Works out what each budget costs a pending photo (off the main thread). */
  private val photoCosts: PhotoCosts = PhotoCosts.QWEN3_VL_DEFAULTS,
  /** The budget new photos take; the preview's "Use as default" changes it. */
  private val budgetChoice: PhotoBudgetChoice = InMemoryBudgetChoice(),
) : ViewModel() {

  init {
    // A model may have been installed since the app started.
    connection.refresh()
  }

  private val saved = SavedComposer(savedState)
  private val modelName = MutableStateFlow<String?>(null)
  private val conversationId = saved.conversationIds

  private val stored =
    conversationId.flatMapLatest { id ->
      if (id == null) flowOf(Pair<String, List<Message>>("", emptyList()))
      else
        combine(repository.observeConversation(id), repository.observeMessages(id)) { c, m ->
          Pair(c?.title.orEmpty(), m)
        }
    }

  private val elsewhere =
    combine(conversationId, runner.answeringIn) { mine, answering ->
        answering?.takeIf { it != mine }
      }
      .distinctUntilChanged()
      .flatMapLatest { other ->
        if (other == null) flowOf(null)
        else
          repository.observeConversation(other).map {
            AnsweringElsewhere(other, it?.title.orEmpty())
          }
      }

  private val runnerState = combine(runner.active, runner.busy, elsewhere, ::Triple)

  private val defaultBudget = MutableStateFlow(budgetChoice.photoBudget)

  /** Worked out again whenever a photo or its budget changes; memory is read each time. */
  private val photoBudgets =
    saved.composers
      .map { it.pictures }
      .distinctUntilChanged()
      .mapLatest { pictures ->
        pictures.associate { picture ->
          val chosen = PhotoBudget.ofTokens(picture.tokenBudget) ?: budgetChoice.photoBudget
          picture.filePath to photoCosts.preview(picture.width, picture.height, chosen)
        }
      }
      .onStart { emit(emptyMap()) }
      .combine(defaultBudget, ::PhotoBudgets)

  val uiState: StateFlow<ChatUiState> =
    combine(conversationId, stored, runnerState, saved.composers, connection.state) {
        id,
        (title, messages),
        (active, busy, answeringElsewhere),
        input,
        engine ->
        val live = active?.takeIf { it.conversationId == id && id != null }
        ChatUiState(
          conversationId = id,
          title = title,
          messages = if (live == null) messages else messages.withLive(live),
          phase = live?.phase,
          draft = input.draft,
          pendingPictures = input.pictures,
          editing = input.editing,
          modelMissing = engine is EngineState.NoModel,
          busy = busy,
          answeringElsewhere = answeringElsewhere,
          refused = input.refused,
        )
      }
      .combine(modelName) { state, name -> state.copy(modelName = name) }
      .combine(photoBudgets) { state, budgets -> state.copy(photoBudgets = budgets) }
      .stateIn(viewModelScope, SharingStarted.Eagerly, ChatUiState(saved.conversationId))

  /**
   * Reads again which model answers next: the user may have chosen another in Models, or deleted
   * this one, while the screen was away. The chat stays as it is; its next answer uses that model.
   */
  fun refreshModelName() {
    viewModelScope.launch { modelName.value = readModelName() }
  }

  fun onDraftChange(text: String) = saved.update { it.copy(draft = text) }

  /** Attaches [picture], unless the message has [ChatRules.MAX_PICTURES]: then its file goes. */
  fun addPicture(picture: NewAttachment) {
    if (saved.composer.pictures.size >= ChatRules.MAX_PICTURES) {
      unsentPictures.discard(listOf(picture))
      return
    }
    saved.update { it.copy(pictures = it.pictures + picture.withBudget(budgetChoice.photoBudget)) }
  }

  /** Sends [picture] at [budget] (memory permitting: see [PhotoBudgets]). */
  fun setPictureBudget(picture: NewAttachment, budget: PhotoBudget) =
    saved.update { composer ->
      composer.copy(
        pictures =
          composer.pictures.map {
            if (it.filePath == picture.filePath) it.copy(tokenBudget = budget.tokens) else it
          }
      )
    }

  /** New photos take [budget] from now on, in every chat. */
  fun useAsDefaultBudget(budget: PhotoBudget) {
    budgetChoice.photoBudget = budget
    defaultBudget.value = budget
  }

  /**
   * Puts what another app shared into the composer, after what is already there; nothing is sent
   * until the user says so.
   */
  fun receiveShare(shared: SharedDraft) =
    saved.update { composer ->
      val text = listOfNotNull(composer.draft.ifBlank { null }, shared.text).joinToString("\n")
      val room = (ChatRules.MAX_PICTURES - composer.pictures.size).coerceAtLeast(0)
      unsentPictures.discard(shared.pictures.drop(room))
      val added = shared.pictures.take(room).map { it.withBudget(budgetChoice.photoBudget) }
      composer.copy(draft = text, pictures = composer.pictures + added)
    }

  fun removePicture(picture: NewAttachment) {
    saved.update { c ->
      c.copy(pictures = c.pictures.filterNot { it.filePath == picture.filePath })
    }
    unsentPictures.discard(listOf(picture))
  }

  /**
   * Sends the draft. The input is only cleared once the runner has taken the request: whether one
   * can start is the runner's to say (the screen's state may be a moment old), and one it refuses
   * keeps the words and photos and says so.
   */
  fun send() {
    val current = saved.composer
    if (current.draft.isBlank() && current.pictures.isEmpty() || uiState.value.modelMissing) return
    val text = current.draft.trim()
    val id = saved.conversationId
    val job =
      when {
        id == null ->
          runner.sendInNewChat(text, current.pictures) { created ->
            viewModelScope.launch { saved.conversationId = created }
          }
        current.editing -> runner.editLastUserMessage(id, text)
        else -> runner.send(id, text, current.pictures)
      }
    saved.composer = if (job == null) current.copy(refused = true) else Composer()
  }

  /** Stops the answer being written, in this chat or the one [ChatUiState.answeringElsewhere]. */
  fun stop() = runner.stop()

  /** Regenerates the last answer; the runner refuses while an answer is being written. */
  fun regenerate() {
    saved.conversationId?.let { reportRefusal(runner.regenerate(it)) }
  }

  /** Puts the last user message into the input box; the next send replaces it. */
  fun startEditingLastMessage() {
    if (!runner.canStart()) return
    val last = ChatRules.lastUserMessage(uiState.value.messages) ?: return
    saved.composer = Composer(draft = last.text, editing = true)
  }

  fun cancelEditing() {
    saved.composer = Composer()
  }

  fun continueAnswer(messageId: Long) {
    saved.conversationId?.let { reportRefusal(runner.continueAnswer(it, messageId)) }
  }

  /** A request the runner did not take is said so on screen, never dropped in silence. */
  private fun reportRefusal(job: Job?) = saved.update { it.copy(refused = job == null) }

  /**
   * Starts a new chat that carries the last exchange of this one as its system prompt (for when
   * this chat no longer fits the model's context), then hands its id to [open].
   */
  fun newChatWithRecap(open: (Long) -> Unit) {
    val messages = uiState.value.messages
    val lastUser = ChatRules.lastUserMessage(messages) ?: return
    val lastAnswer = messages.lastOrNull { it.author == Author.ASSISTANT }
    viewModelScope.launch {
      val id =
        repository.createConversation(
          title = uiState.value.title,
          systemPrompt = recap(lastUser.text, lastAnswer?.text.orEmpty()),
        )
      open(id)
    }
  }

  /** Retries a failed answer: generates it again from the same question. */
  fun retry() = regenerate()

  /** Answers the last question again, loading the model although memory is tight. */
  fun loadAnyway() {
    saved.conversationId?.let { reportRefusal(runner.loadAnyway(it)) }
  }

  /**
   * The screen is gone for good (not turned, not killed: then this is not called and the draft
   * comes back): photos never sent are deleted.
   */
  override fun onCleared() {
    unsentPictures.discard(saved.composer.pictures)
  }

  private fun List<Message>.withLive(live: ActiveAnswer): List<Message> = map {
    if (it.id == live.messageId)
      it.copy(
        text = live.text,
        thinking = live.thinking.ifEmpty { null },
        status = MessageStatus.STREAMING,
      )
    else it
  }
}

/** How much of the last exchange a recap keeps: enough for context, small next to any model's. */
private const val RECAP_CHARS = 2_000

internal fun recap(question: String, answer: String): String =
  "This chat continues an earlier one that became too long. Its last exchange was:\n\n" +
    "User: ${question.takeLast(RECAP_CHARS)}\n\nAssistant: ${answer.takeLast(RECAP_CHARS)}"
