package app.lumen.app.chat

import app.lumen.app.data.Author
import app.lumen.app.data.Conversation
import app.lumen.app.data.Message
import app.lumen.inference.ChatMessage
import app.lumen.inference.GenerationRequest
import app.lumen.inference.LoadedModel
import app.lumen.inference.SamplingParams

/**
 * Builds the engine's request for the next answer of a conversation: the system prompt, the whole
 * history (so the engine can reuse, cut back or restore its cache), photos as image parts of the
 * loaded model, and the conversation's settings.
 *
 * Pure apart from [images], which decodes photos: call it off the main thread. Throws
 * [UnsupportedImagesException] when a photo cannot be passed to [LoadedModel].
 */
class ChatRequests(private val images: ImageInputs = ImageInputs.Unavailable) {

  /**
   * @param history the conversation's messages, oldest first
   * @param resume the answer to continue from its saved text, or null for a new answer
   */
  fun build(
    conversation: Conversation,
    history: List<Message>,
    resume: Message?,
    model: LoadedModel,
  ): GenerationRequest {
    val messages = mutableListOf<ChatMessage>()
    val systemPrompt = conversation.systemPrompt
    if (!systemPrompt.isNullOrBlank()) messages += ChatMessage.system(systemPrompt)
    val upTo = if (resume == null) history else history.takeWhile { it.id <= resume.id }
    for (message in upTo) {
      when (message.author) {
        Author.USER ->
          messages +=
            if (message.attachments.isEmpty()) ChatMessage.user(message.text)
            else
              ChatMessage.user(
                message.text,
                message.attachments.map { images.forAttachment(model, it) },
              )
        Author.ASSISTANT ->
          // Empty answers (failed before the first token) are not part of the conversation.
          if (message.text.isNotBlank()) messages += ChatMessage.assistant(message.text)
      }
    }
    // The engine always opens a new assistant turn, so a continuation is asked for explicitly.
    if (resume != null) messages += ChatMessage.user(CONTINUE_INSTRUCTION)
    val settings = conversation.settings
    val builder =
      GenerationRequest.builder(messages).maxNewTokens(settings.maxNewTokens).think(settings.think)
    settings.temperature?.let { builder.sampling(SamplingParams.builder().temperature(it).build()) }
    return builder.build()
  }

  companion object {
    const val CONTINUE_INSTRUCTION =
      "Continue your previous answer exactly where it stopped, without repeating it."
  }
}
