package app.lumen.inference.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.Role;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.RenderOptions;
import app.lumen.inference.text.RenderedPrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PromptRenderer} over the package's {@link ChatTemplate}: renders the conversation, with
 * the family's default system message when it has none; the rendered image spans carry their {@link
 * app.lumen.inference.ImageInput}s. Immutable.
 */
final class TemplateRenderer implements PromptRenderer {
  private final ChatTemplate template;
  private final String defaultSystem;

  /**
   * @param defaultSystem written as the system message when a conversation has none (Qwen2-VL's
   *     template does this), or null
   */
  TemplateRenderer(ChatTemplate template, String defaultSystem) {
    this.template = template;
    this.defaultSystem = defaultSystem;
  }

  @Override
  public TokenSequence render(
      List<ChatMessage> messages, boolean addGenerationPrompt, boolean think) {
    List<ChatMessage> conversation = messages;
    if (defaultSystem != null && (messages.isEmpty() || messages.get(0).role() != Role.SYSTEM)) {
      conversation = new ArrayList<>();
      conversation.add(ChatMessage.system(defaultSystem));
      conversation.addAll(messages);
    }
    RenderedPrompt prompt;
    try {
      prompt = template.render(conversation, new RenderOptions(addGenerationPrompt, false, think));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    return new TokenSequence(prompt.ids(), prompt.images());
  }
}
