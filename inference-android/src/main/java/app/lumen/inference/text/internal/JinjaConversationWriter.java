package app.lumen.inference.text.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.ImageInput;
import app.lumen.inference.jinja.JinjaTemplate;
import app.lumen.inference.jinja.TemplateException;
import app.lumen.inference.text.RenderOptions;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.QwenTokenizerFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a conversation with the package's own Jinja chat template, given what transformers'
 * {@code apply_chat_template} gives it ({@code messages} with {@code {"type": "image"}} parts and
 * {@code reasoning_content}, {@code add_generation_prompt}, {@code add_vision_id}, {@code
 * enable_thinking}, the special tokens), then tokenizes the text. The template writes one {@code
 * <|image_pad|>} per image, as for the Hugging Face processor; here each becomes the image's token
 * count, in conversation order.
 *
 * <p>Immutable; safe to share.
 */
public final class JinjaConversationWriter extends ConversationWriter {
  private static final String IMAGE_PAD = QwenTokenizerFormat.IMAGE_PAD;

  private final JinjaTemplate template;
  private final Map<String, Object> specialTokens;
  private final int imagePad;

  /**
   * @param specialTokens template variables such as {@code eos_token}, as in the tokenizer config
   */
  public JinjaConversationWriter(
      JinjaTemplate template, Tokenizer tokenizer, Map<String, String> specialTokens) {
    super(tokenizer);
    this.template = template;
    this.specialTokens = new HashMap<>(specialTokens);
    this.imagePad = tokenizer.requireTokenId(IMAGE_PAD);
  }

  @Override
  void write(List<ChatMessage> messages, RenderOptions options, PromptBuilder out) {
    String rendered = renderTemplate(messages, options);
    List<ImageInput> images = images(messages);
    int from = 0;
    int next = 0;
    for (int at = rendered.indexOf(IMAGE_PAD); at >= 0; at = rendered.indexOf(IMAGE_PAD, from)) {
      if (next == images.size()) {
        throw placeholderMismatch(images.size());
      }
      out.text(rendered.substring(from, at));
      out.image(imagePad, images.get(next++));
      from = at + IMAGE_PAD.length();
    }
    if (next != images.size()) {
      throw placeholderMismatch(images.size());
    }
    out.text(rendered.substring(from));
  }

  private String renderTemplate(List<ChatMessage> messages, RenderOptions options) {
    Map<String, Object> variables = new HashMap<>(specialTokens);
    variables.put("messages", asTemplateMessages(messages));
    variables.put("add_generation_prompt", options.addGenerationPrompt());
    variables.put("add_vision_id", options.addVisionId());
    variables.put("enable_thinking", options.enableThinking());
    variables.put("tools", null);
    variables.put("documents", null);
    try {
      return template.render(variables);
    } catch (TemplateException e) {
      throw new IllegalArgumentException("chat template: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException placeholderMismatch(int images) {
    return new IllegalArgumentException(
        "chat template: it must write one "
            + IMAGE_PAD
            + " per image, and the conversation has "
            + images);
  }

  /** Messages as Hugging Face passes them: text-only content as a string, else a part list. */
  static List<Object> asTemplateMessages(List<ChatMessage> messages) {
    List<Object> out = new ArrayList<>();
    for (ChatMessage message : messages) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("role", message.role().id());
      boolean textOnly =
          message.content().stream().allMatch(part -> part instanceof ContentPart.Text);
      if (textOnly) {
        map.put("content", message.text());
      } else {
        List<Object> parts = new ArrayList<>();
        for (ContentPart part : message.content()) {
          Map<String, Object> item = new LinkedHashMap<>();
          if (part instanceof ContentPart.Text text) {
            item.put("type", "text");
            item.put("text", text.text());
          } else {
            item.put("type", "image");
          }
          parts.add(item);
        }
        map.put("content", parts);
      }
      if (message.reasoning() != null) {
        map.put("reasoning_content", message.reasoning());
      }
      out.add(map);
    }
    return out;
  }

  private static List<ImageInput> images(List<ChatMessage> messages) {
    List<ImageInput> images = new ArrayList<>();
    for (ChatMessage message : messages) {
      for (ContentPart part : message.content()) {
        if (part instanceof ContentPart.Image image) {
          images.add(image.image());
        }
      }
    }
    return images;
  }
}
