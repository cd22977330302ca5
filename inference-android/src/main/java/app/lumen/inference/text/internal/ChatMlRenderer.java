package app.lumen.inference.text.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.Role;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.RenderOptions;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.QwenTokenizerFormat;
import java.util.List;

/**
 * The logic of the Qwen3-VL Instruct and Thinking and the Qwen2-VL Jinja templates, written out in
 * Java (an Android app carries no Jinja engine). Every branch mirrors a line of the template; the
 * tests compare the output with transformers.js rendering the real templates.
 *
 * <p>Immutable; safe to share.
 */
public final class ChatMlRenderer extends ConversationWriter {
  private static final String THINK_OPEN = QwenTokenizerFormat.THINK_OPEN;
  private static final String THINK_CLOSE = QwenTokenizerFormat.THINK_CLOSE;
  private static final String TOOL_RESPONSE_OPEN = QwenTokenizerFormat.TOOL_RESPONSE_OPEN;
  private static final String TOOL_RESPONSE_CLOSE = QwenTokenizerFormat.TOOL_RESPONSE_CLOSE;

  private final ChatTemplate.Style style;
  private final int imStart;
  private final int imEnd;
  private final int visionStart;
  private final int visionEnd;
  private final int imagePad;

  public ChatMlRenderer(Tokenizer tokenizer, ChatTemplate.Style style) {
    super(tokenizer);
    this.style = style;
    this.imStart = tokenizer.requireTokenId(QwenTokenizerFormat.IM_START);
    this.imEnd = tokenizer.requireTokenId(QwenTokenizerFormat.IM_END);
    this.visionStart = tokenizer.requireTokenId(QwenTokenizerFormat.VISION_START);
    this.visionEnd = tokenizer.requireTokenId(QwenTokenizerFormat.VISION_END);
    this.imagePad = tokenizer.requireTokenId(QwenTokenizerFormat.IMAGE_PAD);
  }

  @Override
  void write(List<ChatMessage> messages, RenderOptions options, PromptBuilder out) {
    switch (style) {
      case THINKING -> writeThinking(messages, options, out);
      case QWEN2_VL -> writeQwen2Vl(messages, options, out);
      default -> writeInstruct(messages, options, out);
    }
  }

  // Qwen3-VL Instruct: a leading system turn, then user and assistant turns; later system turns
  // are not written at all, and assistant reasoning has no place in the template.
  private void writeInstruct(List<ChatMessage> messages, RenderOptions options, PromptBuilder out) {
    if (messages.get(0).role() == Role.SYSTEM) {
      openTurn("system", out);
      out.text(messages.get(0).text());
      closeTurn(out);
    }
    int[] imageCount = {0};
    for (ChatMessage message : messages) {
      if (message.role() == Role.USER) {
        openTurn("user", out);
        writeContent(message, options, imageCount, out);
        closeTurn(out);
      } else if (message.role() == Role.ASSISTANT) {
        openTurn("assistant", out);
        out.text(message.text());
        closeTurn(out);
      }
    }
    if (options.addGenerationPrompt()) {
      openTurn("assistant", out);
    }
  }

  // Qwen2-VL / Qwen2.5-VL: a default system turn, then every turn written the same way.
  private void writeQwen2Vl(List<ChatMessage> messages, RenderOptions options, PromptBuilder out) {
    int[] imageCount = {0};
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage message = messages.get(i);
      if (i == 0 && message.role() != Role.SYSTEM) {
        openTurn("system", out);
        out.text(ChatTemplate.DEFAULT_SYSTEM_PROMPT);
        closeTurn(out);
      }
      openTurn(message.role().id(), out);
      writeContent(message, options, imageCount, out);
      closeTurn(out);
    }
    if (options.addGenerationPrompt()) {
      openTurn("assistant", out);
    }
  }

  // Qwen3-VL Thinking: reasoning is shown only for assistant turns after the last real user query.
  private void writeThinking(List<ChatMessage> messages, RenderOptions options, PromptBuilder out) {
    if (messages.get(0).role() == Role.SYSTEM) {
      openTurn("system", out);
      out.text(messages.get(0).text());
      closeTurn(out);
    }
    int lastQuery = lastQueryIndex(messages);
    int[] imageCount = {0};
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage message = messages.get(i);
      if (message.role() == Role.USER || (message.role() == Role.SYSTEM && i > 0)) {
        openTurn(message.role().id(), out);
        writeContent(message, options, imageCount, out);
        closeTurn(out);
      } else if (message.role() == Role.ASSISTANT) {
        writeThinkingAssistant(message, i > lastQuery, i == messages.size() - 1, out);
      }
    }
    if (options.addGenerationPrompt()) {
      openTurn("assistant", out);
      out.text(THINK_OPEN + "\n");
    }
  }

  private void writeThinkingAssistant(
      ChatMessage message, boolean afterLastQuery, boolean last, PromptBuilder out) {
    String content = message.text();
    String reasoning = "";
    if (message.reasoning() != null) {
      reasoning = message.reasoning();
    } else if (content.contains(THINK_CLOSE)) {
      String beforeClose = content.substring(0, content.indexOf(THINK_CLOSE));
      String inner = stripTrailing(beforeClose, '\n');
      reasoning = stripLeading(inner.substring(lastIndexAfter(inner, THINK_OPEN)), '\n');
      content = stripLeading(content.substring(lastIndexAfter(content, THINK_CLOSE)), '\n');
    }
    openTurn("assistant", out);
    if (afterLastQuery && (last || !reasoning.isEmpty())) {
      out.text(
          THINK_OPEN
              + "\n"
              + strip(reasoning, '\n')
              + "\n"
              + THINK_CLOSE
              + "\n\n"
              + stripLeading(content, '\n'));
    } else {
      out.text(content);
    }
    closeTurn(out);
  }

  /**
   * The index of the last user turn that is not a wrapped tool response (the template's {@code
   * ns.last_query_index}); the last message when there is none.
   */
  private static int lastQueryIndex(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatMessage message = messages.get(i);
      if (message.role() == Role.USER) {
        String content = renderedWithoutCount(message);
        if (!(content.startsWith(TOOL_RESPONSE_OPEN) && content.endsWith(TOOL_RESPONSE_CLOSE))) {
          return i;
        }
      }
    }
    return messages.size() - 1;
  }

  // What render_content() would return as a string; only its start and end matter here, and an
  // image renders as text beginning with "<|vision_start|>" or "Picture".
  private static String renderedWithoutCount(ChatMessage message) {
    StringBuilder text = new StringBuilder();
    for (ContentPart part : message.content()) {
      if (part instanceof ContentPart.Text t) {
        text.append(t.text());
      } else {
        text.append(
            QwenTokenizerFormat.VISION_START
                + QwenTokenizerFormat.IMAGE_PAD
                + QwenTokenizerFormat.VISION_END);
      }
    }
    return text.toString();
  }

  private void writeContent(
      ChatMessage message, RenderOptions options, int[] imageCount, PromptBuilder out) {
    for (ContentPart part : message.content()) {
      if (part instanceof ContentPart.Text t) {
        out.text(t.text());
      } else if (part instanceof ContentPart.Image image) {
        imageCount[0]++;
        if (options.addVisionId()) {
          out.text("Picture " + imageCount[0] + ": ");
        }
        out.special(visionStart);
        out.image(imagePad, image.image());
        out.special(visionEnd);
      }
    }
  }

  private void openTurn(String role, PromptBuilder out) {
    out.special(imStart);
    out.text(role + "\n");
  }

  private void closeTurn(PromptBuilder out) {
    out.special(imEnd);
    out.text("\n");
  }

  private static int lastIndexAfter(String text, String marker) {
    int at = text.lastIndexOf(marker);
    return at < 0 ? 0 : at + marker.length();
  }

  private static String strip(String text, char c) {
    return stripLeading(stripTrailing(text, c), c);
  }

  private static String stripLeading(String text, char c) {
    int start = 0;
    while (start < text.length() && text.charAt(start) == c) {
      start++;
    }
    return text.substring(start);
  }

  private static String stripTrailing(String text, char c) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == c) {
      end--;
    }
    return text.substring(0, end);
  }
}
