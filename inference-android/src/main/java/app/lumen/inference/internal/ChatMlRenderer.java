package app.lumen.inference.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.ImageInput;
import app.lumen.inference.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a conversation in Qwen's ChatML layout, the layout every supported family's template
 * produces for plain turns:
 *
 * <pre>
 * &lt;|im_start|&gt;system\n…&lt;|im_end|&gt;\n&lt;|im_start|&gt;user\n&lt;|vision_start|&gt;&lt;|image_pad|&gt;×N&lt;|vision_end|&gt;…&lt;|im_end|&gt;\n&lt;|im_start|&gt;assistant\n
 * </pre>
 *
 * With {@code think} the generation prompt ends in {@code <think>\n} (the Thinking models'
 * opening). Immutable.
 */
final class ChatMlRenderer implements PromptRenderer {
  private final Tokenizer tokenizer;
  private final String defaultSystem;
  private final int imagePad;

  /**
   * @param defaultSystem a system message written when the conversation has none (Qwen2-VL's
   *     template does this), or null
   */
  ChatMlRenderer(Tokenizer tokenizer, String defaultSystem) {
    this.tokenizer = tokenizer;
    this.defaultSystem = defaultSystem;
    this.imagePad = tokenizer.tokenId("<|image_pad|>").orElse(-1);
  }

  @Override
  public TokenSequence render(
      List<ChatMessage> messages, boolean addGenerationPrompt, boolean think) {
    StringBuilder text = new StringBuilder();
    List<ImageInput> images = new ArrayList<>();
    if (defaultSystem != null
        && (messages.isEmpty() || messages.get(0).role() != app.lumen.inference.Role.SYSTEM)) {
      text.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
    }
    for (ChatMessage message : messages) {
      text.append("<|im_start|>").append(message.role().id()).append('\n');
      for (ContentPart part : message.content()) {
        if (part instanceof ContentPart.Text t) {
          text.append(t.text());
        } else if (part instanceof ContentPart.Image i) {
          if (imagePad < 0) {
            throw new app.lumen.inference.InvalidRequestException(
                "the tokenizer has no <|image_pad|> token: this model takes no images");
          }
          text.append("<|vision_start|><|image_pad|><|vision_end|>");
          images.add(i.image());
        }
      }
      text.append("<|im_end|>\n");
    }
    if (addGenerationPrompt) {
      text.append("<|im_start|>assistant\n");
      if (think) {
        text.append("<think>\n");
      }
    }
    int[] ids = tokenizer.encode(text.toString());
    return expandImages(ids, images);
  }

  /** Replaces the i-th image pad with {@code tokenCount} pads and records the span. */
  private TokenSequence expandImages(int[] ids, List<ImageInput> images) {
    if (images.isEmpty()) {
      return new TokenSequence(ids, List.of());
    }
    int extra = 0;
    for (ImageInput image : images) {
      extra += image.tokenCount() - 1;
    }
    int[] expanded = new int[ids.length + extra];
    List<ImageSpan> spans = new ArrayList<>();
    int out = 0;
    int next = 0;
    for (int id : ids) {
      if (id == imagePad && next < images.size()) {
        ImageInput image = images.get(next++);
        spans.add(new ImageSpan(out, image));
        for (int k = 0; k < image.tokenCount(); k++) {
          expanded[out++] = imagePad;
        }
      } else {
        expanded[out++] = id;
      }
    }
    if (next != images.size()) {
      throw new app.lumen.inference.InvalidRequestException(
          "message text contains image placeholders that do not match the images");
    }
    return new TokenSequence(java.util.Arrays.copyOf(expanded, out), spans);
  }
}
