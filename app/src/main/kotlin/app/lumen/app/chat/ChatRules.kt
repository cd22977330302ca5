package app.lumen.app.chat

import app.lumen.app.data.Author
import app.lumen.app.data.Message

/**
 * Which messages the chat actions apply to, decided once for the runner and the chat screen. Pure
 * functions of the conversation's messages.
 */
object ChatRules {
  /**
   * Pictures one message may carry: each costs its token budget in the prompt and an encode before
   * the answer starts, so more would make a phone's answer slow and its context short.
   */
  const val MAX_PICTURES = 4

  /** The question regenerate, edit and a recap start from: the last user message. */
  fun lastUserMessage(messages: List<Message>): Message? =
    messages.lastOrNull { it.author == Author.USER }

  /** The last answer when it is the last message (regenerate, continue and retry apply to it). */
  fun lastAnswer(messages: List<Message>): Message? =
    messages.lastOrNull()?.takeIf { it.author == Author.ASSISTANT }
}
