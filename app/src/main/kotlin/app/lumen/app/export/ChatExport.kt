package app.lumen.app.export

import app.lumen.app.data.Author
import app.lumen.app.data.Conversation
import app.lumen.app.data.Message
import com.google.gson.GsonBuilder
import com.google.gson.JsonArray
import com.google.gson.JsonObject

/** The file formats a chat can be exported in. */
enum class ExportFormat(val extension: String, val mimeType: String) {
  MARKDOWN("md", "text/markdown"),
  JSON("json", "application/json"),
}

/** Writes a chat as Markdown (for reading) or JSON (for tools). Pure functions of the chat. */
object ChatExport {
  private val gson = GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()

  fun render(conversation: Conversation, messages: List<Message>, format: ExportFormat): String =
    when (format) {
      ExportFormat.MARKDOWN -> markdown(conversation, messages)
      ExportFormat.JSON -> json(conversation, messages)
    }

  fun markdown(conversation: Conversation, messages: List<Message>): String = buildString {
    append("# ").append(conversation.title.ifBlank { "Chat" }).append("\n\n")
    conversation.modelId?.let { append("_Model: ").append(it).append("_\n\n") }
    conversation.systemPrompt
      ?.takeIf { it.isNotBlank() }
      ?.let { append("> System: ").append(it.replace("\n", "\n> ")).append("\n\n") }
    for (message in messages) {
      append(if (message.author == Author.USER) "## You\n\n" else "## Lumen\n\n")
      if (message.attachments.isNotEmpty()) {
        append("_").append(message.attachments.size).append(" photo(s) attached_\n\n")
      }
      append(message.text.trimEnd()).append("\n\n")
    }
  }

  fun json(conversation: Conversation, messages: List<Message>): String {
    val root = JsonObject()
    root.addProperty("title", conversation.title)
    root.addProperty("created_at", conversation.createdAtMillis)
    root.addProperty("model_id", conversation.modelId)
    root.addProperty("system_prompt", conversation.systemPrompt)
    val list = JsonArray()
    for (message in messages) {
      val item = JsonObject()
      item.addProperty("role", message.author.id)
      item.addProperty("text", message.text)
      message.thinking?.let { item.addProperty("thinking", it) }
      item.addProperty("status", message.status.name.lowercase())
      message.finishReason?.let { item.addProperty("finish_reason", it) }
      message.error?.let { item.addProperty("error", it) }
      item.addProperty("created_at", message.createdAtMillis)
      message.stats?.let { stats ->
        val s = JsonObject()
        s.addProperty("ttft_ms", stats.ttftMillis)
        s.addProperty("prefill_tokens_per_second", stats.prefillTokensPerSecond)
        s.addProperty("decode_tokens_per_second", stats.decodeTokensPerSecond)
        s.addProperty("image_encode_ms", stats.imageEncodeMillis)
        s.addProperty("prompt_tokens", stats.promptTokens)
        s.addProperty("generated_tokens", stats.generatedTokens)
        s.addProperty("backend", stats.backend)
        stats.backendFallback?.let { s.addProperty("backend_fallback", it) }
        item.add("stats", s)
      }
      if (message.attachments.isNotEmpty()) item.addProperty("photos", message.attachments.size)
      list.add(item)
    }
    root.add("messages", list)
    return gson.toJson(root)
  }

  /** A file name made of the title's safe characters. */
  fun fileName(conversation: Conversation, format: ExportFormat): String {
    val base = conversation.title.replace(Regex("[^\\p{L}\\p{N} _-]+"), "").trim().take(40)
    return "${base.ifBlank { "chat" }}.${format.extension}"
  }
}
