package app.lumen.app.data

import androidx.room.withTransaction
import app.lumen.inference.GenerationStats
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.withContext

/**
 * The chats: Room is the source of truth. Reads are Flows that emit on every change; writes are
 * suspend functions that run on [io] inside transactions, so callers may use any dispatcher.
 */
class ChatRepository(
  private val db: LumenDatabase,
  private val files: AttachmentFiles,
  private val io: CoroutineDispatcher = Dispatchers.IO,
  private val clock: () -> Long = System::currentTimeMillis,
) {
  private val conversations = db.conversations()
  private val messages = db.messages()
  private val attachments = db.attachments()

  /** All conversations, most recent first; with a non-blank [query] only those that match it. */
  fun observeConversations(query: String = ""): Flow<List<ConversationPreview>> {
    val match = MessageSearch.matchQuery(query)
    val rows =
      when {
        query.isBlank() -> conversations.observeSummaries()
        // Only punctuation: nothing for the full-text index, titles may still contain it.
        match == null -> conversations.searchTitles(likePattern(query.trim()))
        else -> conversations.search(likePattern(query.trim()), match)
      }
    return rows
      .map { list -> list.map { ConversationPreview(it.conversation.toDomain(), it.preview) } }
      .flowOn(io)
  }

  fun observeConversation(id: Long): Flow<Conversation?> =
    conversations.observe(id).map { it?.toDomain() }.flowOn(io)

  /** The messages of a conversation in order, each with its attachments. */
  fun observeMessages(conversationId: Long): Flow<List<Message>> =
    combine(messages.observe(conversationId), attachments.observeForConversation(conversationId)) {
        rows,
        pictures ->
        val byMessage = pictures.groupBy({ it.messageId }, { it.toDomain() })
        rows.map { it.toDomain(byMessage[it.id].orEmpty()) }
      }
      .flowOn(io)

  suspend fun messages(conversationId: Long): List<Message> =
    withContext(io) {
      val byMessage =
        attachments.forConversation(conversationId).groupBy({ it.messageId }, { it.toDomain() })
      messages.list(conversationId).map { it.toDomain(byMessage[it.id].orEmpty()) }
    }

  suspend fun conversation(id: Long): Conversation? =
    withContext(io) { conversations.get(id)?.toDomain() }

  suspend fun message(id: Long): Message? =
    withContext(io) { messages.get(id)?.toDomain(attachments.forMessage(id).map { it.toDomain() }) }

  suspend fun createConversation(
    title: String = "",
    systemPrompt: String? = null,
    settings: GenerationSettings = GenerationSettings(),
  ): Long =
    withContext(io) {
      val row = ConversationEntity(title, clock())
      row.systemPrompt = systemPrompt
      row.settingsJson = settings.toJson()
      conversations.insert(row)
    }

  /**
   * Adds the user's message with its pictures; a conversation without a title takes the start of
   * its first message.
   */
  suspend fun addUserMessage(
    conversationId: Long,
    text: String,
    pictures: List<NewAttachment> = emptyList(),
  ): Long =
    withContext(io) { db.withTransaction { insertUserMessage(conversationId, text, pictures) } }

  /**
   * Creates a conversation together with its first question, in one transaction: a new chat never
   * exists without the message that started it. Returns the conversation's id.
   */
  suspend fun startConversation(text: String, pictures: List<NewAttachment> = emptyList()): Long =
    withContext(io) {
      db.withTransaction {
        val row = ConversationEntity("", clock())
        row.settingsJson = GenerationSettings().toJson()
        val id = conversations.insert(row)
        insertUserMessage(id, text, pictures)
        id
      }
    }

  private fun insertUserMessage(
    conversationId: Long,
    text: String,
    pictures: List<NewAttachment>,
  ): Long {
    val now = clock()
    val id =
      messages.insert(
        MessageEntity().apply {
          this.conversationId = conversationId
          role = Author.USER.id
          this.text = text
          status = MessageStatus.COMPLETE
          createdAtMillis = now
        }
      )
    for (picture in pictures) {
      attachments.insert(
        AttachmentEntity().apply {
          messageId = id
          filePath = picture.filePath
          thumbnailPath = picture.thumbnailPath
          width = picture.width
          height = picture.height
          tokenBudget = picture.tokenBudget
        }
      )
    }
    val conversation =
      checkNotNull(conversations.get(conversationId)) { "no conversation $conversationId" }
    if (conversation.title.isBlank()) {
      conversations.rename(conversationId, titleFrom(text), now)
    } else {
      conversations.touch(conversationId, now)
    }
    return id
  }

  /**
   * Creates the answer row before the first token, so even a crash during prefill leaves a trace.
   */
  suspend fun startAnswer(conversationId: Long): Long =
    withContext(io) {
      db.withTransaction {
        val now = clock()
        conversations.touch(conversationId, now)
        messages.insert(
          MessageEntity().apply {
            this.conversationId = conversationId
            role = Author.ASSISTANT.id
            status = MessageStatus.STREAMING
            createdAtMillis = now
          }
        )
      }
    }

  /** Makes a stopped or interrupted answer stream again (Continue), keeping its text. */
  suspend fun resumeAnswer(messageId: Long) =
    withContext(io) {
      db.withTransaction {
        val row = checkNotNull(messages.get(messageId)) { "no message $messageId" }
        row.status = MessageStatus.STREAMING
        row.error = null
        row.finishReason = null
        messages.update(row)
      }
    }

  suspend fun checkpoint(messageId: Long, text: String, thinking: String?) {
    withContext(io) { messages.checkpoint(messageId, text, thinking) }
  }

  /** Writes the final state of an answer. */
  suspend fun finishAnswer(
    messageId: Long,
    text: String,
    thinking: String?,
    status: MessageStatus,
    finishReason: String?,
    error: String? = null,
    stats: GenerationStats? = null,
    modelId: String? = null,
  ) {
    withContext(io) {
      db.withTransaction {
        val row = messages.get(messageId) ?: return@withTransaction
        row.text = text
        row.thinking = thinking
        row.status = status
        row.finishReason = finishReason
        row.error = error
        if (stats != null) {
          row.ttftMillis = stats.ttftMillis()
          row.prefillTokensPerSecond = stats.prefillTokensPerSecond()
          row.decodeTokensPerSecond = stats.decodeTokensPerSecond()
          row.imageEncodeMillis = stats.imageEncodeMillis()
          row.promptTokens = stats.promptTokens()
          row.generatedTokens = stats.generatedTokens()
          row.backend = stats.provider()
          row.backendFallback = stats.providerFallback()
        }
        messages.update(row)
        conversations.touch(row.conversationId, clock())
        if (modelId != null) conversations.setModel(row.conversationId, modelId)
      }
    }
  }

  /** Removes every message after [messageId] (and their picture files). */
  suspend fun deleteAfter(conversationId: Long, messageId: Long) {
    val removed =
      withContext(io) {
        db.withTransaction {
          val pictures = attachments.after(conversationId, messageId)
          messages.deleteAfter(conversationId, messageId)
          pictures
        }
      }
    withContext(io) { removed.forEach { files.delete(it.toDomain()) } }
  }

  suspend fun editMessageText(messageId: Long, text: String) {
    withContext(io) { messages.updateText(messageId, text) }
  }

  suspend fun rename(conversationId: Long, title: String) {
    withContext(io) { conversations.rename(conversationId, title.trim(), clock()) }
  }

  /** Deletes the conversation, its messages and attachment rows, then its picture files. */
  suspend fun deleteConversation(conversationId: Long) {
    val pictures =
      withContext(io) {
        db.withTransaction {
          val pictures = attachments.forConversation(conversationId)
          conversations.delete(conversationId)
          pictures
        }
      }
    withContext(io) { pictures.forEach { files.delete(it.toDomain()) } }
  }

  /** Every picture file a message refers to (pictures and thumbnails). */
  suspend fun attachmentPaths(): Set<String> =
    withContext(io) { attachments.allFilePaths().toSet() }

  /** At start-up: answers left streaming by a previous process become INTERRUPTED. */
  suspend fun markInterrupted(): Int = withContext(io) { messages.markStreamingInterrupted() }

  companion object {
    private const val TITLE_LENGTH = 40

    fun titleFrom(text: String): String {
      val line = text.trim().lineSequence().firstOrNull().orEmpty().trim()
      return if (line.length <= TITLE_LENGTH) line else line.take(TITLE_LENGTH).trimEnd() + "…"
    }

    private fun likePattern(query: String): String =
      "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
  }
}
