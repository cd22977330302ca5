package app.lumen.inference.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.Role;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.RenderOptions;
import app.lumen.inference.text.RenderedPrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PromptRenderer} over the package's {@link ChatTemplate}: converts the engine's messages to
 * the template's, and ties each rendered image span back to its {@link ImageInput}. Immutable.
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
    List<app.lumen.inference.text.ChatMessage> converted = new ArrayList<>();
    List<ImageInput> images = new ArrayList<>();
    if (defaultSystem != null && (messages.isEmpty() || messages.get(0).role() != Role.SYSTEM)) {
      converted.add(app.lumen.inference.text.ChatMessage.system(defaultSystem));
    }
    for (ChatMessage message : messages) {
      List<app.lumen.inference.text.ContentPart> parts = new ArrayList<>();
      for (ContentPart part : message.content()) {
        if (part instanceof ContentPart.Text t) {
          parts.add(app.lumen.inference.text.ContentPart.text(t.text()));
        } else if (part instanceof ContentPart.Image i) {
          parts.add(app.lumen.inference.text.ContentPart.image(i.image().tokenCount()));
          images.add(i.image());
        }
      }
      converted.add(new app.lumen.inference.text.ChatMessage(role(message.role()), parts, null));
    }
    RenderedPrompt prompt;
    try {
      prompt =
          template.render(
              converted, addGenerationPrompt ? RenderOptions.GENERATE : RenderOptions.HISTORY);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    List<RenderedPrompt.ImageSpan> spans = prompt.images();
    if (spans.size() != images.size()) {
      throw new InvalidRequestException(
          "the template placed " + spans.size() + " images, the messages hold " + images.size());
    }
    List<ImageSpan> placed = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      placed.add(new ImageSpan(spans.get(i).offset(), images.get(i)));
    }
    return new TokenSequence(prompt.ids(), placed);
  }

  private static app.lumen.inference.text.ChatMessage.Role role(Role role) {
    return switch (role) {
      case SYSTEM -> app.lumen.inference.text.ChatMessage.Role.SYSTEM;
      case USER -> app.lumen.inference.text.ChatMessage.Role.USER;
      case ASSISTANT -> app.lumen.inference.text.ChatMessage.Role.ASSISTANT;
    };
  }
}
