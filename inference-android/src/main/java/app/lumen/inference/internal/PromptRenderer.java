package app.lumen.inference.internal;

import app.lumen.inference.ChatMessage;
import java.util.List;

/** Turns a conversation into prompt tokens (the model's chat template plus tokenizer). */
interface PromptRenderer {

  /**
   * @param addGenerationPrompt end with the opening of the assistant's answer
   * @param think ask a thinking-capable template to reason first
   */
  TokenSequence render(List<ChatMessage> messages, boolean addGenerationPrompt, boolean think);
}
