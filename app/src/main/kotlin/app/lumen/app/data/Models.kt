package app.lumen.app.data

import com.google.gson.Gson

/** Who wrote a message. */
enum class Author(val id: String) {
  USER("user"),
  ASSISTANT("assistant");

  companion object {
    fun of(id: String): Author = entries.firstOrNull { it.id == id } ?: USER
  }
}

/** How answers of a conversation are generated; stored as a JSON snapshot on the conversation. */
data class GenerationSettings(
  val maxNewTokens: Int = app.lumen.inference.GenerationRequest.DEFAULT_MAX_NEW_TOKENS,
  val think: Boolean = false,
  /** Null keeps the model's own sampling defaults. */
  val temperature: Float? = null,
) {
  fun toJson(): String = GSON.toJson(this)

  companion object {
    private val GSON = Gson()

    fun fromJson(json: String?): GenerationSettings =
      json?.let { runCatching { GSON.fromJson(it, GenerationSettings::class.java) }.getOrNull() }
        ?: GenerationSettings()
  }
}

data class Conversation(
  val id: Long,
  val title: String,
  val createdAtMillis: Long,
  val updatedAtMillis: Long,
  val modelId: String?,
  val systemPrompt: String?,
  val settings: GenerationSettings,
)

/** A conversation in the list: its latest message as a preview. */
data class ConversationPreview(val conversation: Conversation, val preview: String?)

/** The figures of one answer. */
data class MessageStats(
  val ttftMillis: Double,
  val prefillTokensPerSecond: Double,
  val decodeTokensPerSecond: Double,
  val imageEncodeMillis: Double,
  val promptTokens: Int,
  val generatedTokens: Int,
  val backend: String,
  /** Why the requested execution provider did not run the answer; null when it did. */
  val backendFallback: String? = null,
)

data class Attachment(
  val id: Long,
  val filePath: String,
  val thumbnailPath: String?,
  val width: Int,
  val height: Int,
  val tokenBudget: Int,
)

data class Message(
  val id: Long,
  val conversationId: Long,
  val author: Author,
  val text: String,
  val thinking: String?,
  val status: MessageStatus,
  val error: String?,
  /** The engine's finish reason id (`max_tokens`, `context_full`, …) when the answer ended. */
  val finishReason: String?,
  val createdAtMillis: Long,
  val stats: MessageStats?,
  val attachments: List<Attachment> = emptyList(),
)

internal fun ConversationEntity.toDomain() =
  Conversation(
    id = id,
    title = title,
    createdAtMillis = createdAtMillis,
    updatedAtMillis = updatedAtMillis,
    modelId = modelId,
    systemPrompt = systemPrompt,
    settings = GenerationSettings.fromJson(settingsJson),
  )

internal fun AttachmentEntity.toDomain() =
  Attachment(id, filePath, thumbnailPath, width, height, tokenBudget)

internal fun MessageEntity.toDomain(attachments: List<Attachment>) =
  Message(
    id = id,
    conversationId = conversationId,
    author = Author.of(role),
    text = text,
    thinking = thinking,
    status = status,
    error = error,
    finishReason = finishReason,
    createdAtMillis = createdAtMillis,
    stats =
      if (generatedTokens == null) null
      else
        MessageStats(
          ttftMillis = ttftMillis ?: 0.0,
          prefillTokensPerSecond = prefillTokensPerSecond ?: 0.0,
          decodeTokensPerSecond = decodeTokensPerSecond ?: 0.0,
          imageEncodeMillis = imageEncodeMillis ?: 0.0,
          promptTokens = promptTokens ?: 0,
          generatedTokens = generatedTokens ?: 0,
          backend = backend ?: "",
          backendFallback = backendFallback,
        ),
    attachments = attachments,
  )
