package app.lumen.inference.text;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.jinja.JinjaTemplate;
import app.lumen.inference.text.internal.ChatMlRenderer;
import app.lumen.inference.text.internal.ConversationWriter;
import app.lumen.inference.text.internal.JinjaConversationWriter;
import app.lumen.pkg.QwenTokenizerFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lays out a conversation exactly as the model's chat template does: with the package's own Jinja
 * template when it has one ({@link #fromJinja}), else with the family's layout written in Java, the
 * Qwen-VL chat templates' (ChatML: {@code <|im_start|>role\n...<|im_end|>\n}, images as {@code
 * <|vision_start|><|image_pad|>...<|vision_end|>}) and turns it into ids with the model's own
 * tokenizer. Special-token ids are read from the tokenizer once, at creation; none is built in.
 *
 * <p>For a history {@code h} and a new user turn {@code u}, {@code render(h, HISTORY)} is a prefix
 * of {@code render(h + u, GENERATE)} with the Instruct style, so a cached conversation is extended,
 * not recomputed. The Thinking style drops the reasoning of turns before the last user query, so
 * there the shared prefix ends at the previous assistant turn ({@link
 * RenderedPrompt#commonPrefixLength}).
 *
 * <p>Threading: immutable, safe to share. Errors: {@link IllegalArgumentException} naming the
 * message and the problem (an empty conversation, an image outside a user turn).
 */
public final class ChatTemplate {
  /** The system turn Qwen2-VL's and Qwen2.5-VL's templates write when a conversation has none. */
  public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant.";

  /** The Qwen-VL template variants. */
  public enum Style {
    /** Qwen3-VL Instruct: answers directly; generation prompt {@code <|im_start|>assistant\n}. */
    INSTRUCT,
    /**
     * Qwen3-VL Thinking: the generation prompt opens a {@code <think>} block; reasoning of turns
     * before the last user query is dropped from the history.
     */
    THINKING,
    /**
     * Qwen2-VL and Qwen2.5-VL: like INSTRUCT, but a conversation that does not start with a system
     * turn gets {@code You are a helpful assistant.}, and system turns are written wherever they
     * are.
     */
    QWEN2_VL;

    /**
     * The style of a Hugging Face Jinja chat template: THINKING when its generation prompt opens a
     * {@code <think>} block, QWEN2_VL when it injects the default system prompt, else INSTRUCT.
     */
    public static Style of(String jinjaTemplate) {
      if (jinjaTemplate.contains("'<|im_start|>assistant\\n<think>\\n'")) {
        return THINKING;
      }
      if (jinjaTemplate.contains("loop.first and message['role'] != 'system'")
          && jinjaTemplate.contains("You are a helpful assistant.")) {
        return QWEN2_VL;
      }
      return INSTRUCT;
    }
  }

  private final Tokenizer tokenizer;
  private final Style style;
  private final ConversationWriter renderer;
  private final int[] stopTokenIds;

  private ChatTemplate(
      Tokenizer tokenizer, Style style, int[] eosTokenIds, ConversationWriter renderer) {
    this.tokenizer = tokenizer;
    this.style = style;
    this.renderer = renderer;
    int endOfTurn = tokenizer.requireTokenId(QwenTokenizerFormat.IM_END);
    this.stopTokenIds =
        Arrays.stream(eosTokenIds).boxed().anyMatch(id -> id == endOfTurn)
            ? eosTokenIds.clone()
            : appended(eosTokenIds, endOfTurn);
  }

  /**
   * @param eosTokenIds the stop ids of the model's {@code generation_config.json}; {@code
   *     <|im_end|>} is added when missing, since every ChatML answer ends with it
   * @throws IllegalArgumentException when the tokenizer lacks one of the ChatML or vision tokens
   */
  public static ChatTemplate create(Tokenizer tokenizer, Style style, int[] eosTokenIds) {
    return new ChatTemplate(tokenizer, style, eosTokenIds, new ChatMlRenderer(tokenizer, style));
  }

  /**
   * A template that renders with the package's own Jinja chat template, as transformers would.
   *
   * @param style the layout the template has ({@link Style#of}), reported by {@link #style()}
   * @param specialTokens template variables such as {@code eos_token}, from the tokenizer config
   * @throws IllegalArgumentException when the tokenizer lacks {@code <|im_end|>} or {@code
   *     <|image_pad|>}
   */
  public static ChatTemplate fromJinja(
      Tokenizer tokenizer,
      JinjaTemplate template,
      Style style,
      int[] eosTokenIds,
      Map<String, String> specialTokens) {
    return new ChatTemplate(
        tokenizer,
        style,
        eosTokenIds,
        new JinjaConversationWriter(template, tokenizer, specialTokens));
  }

  public Style style() {
    return style;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Ids that end an answer: the generation config's EOS ids and {@code <|im_end|>}. */
  public int[] stopTokenIds() {
    return stopTokenIds.clone();
  }

  /** The conversation as ids, with the position of every image's tokens. */
  public RenderedPrompt render(List<ChatMessage> messages, RenderOptions options) {
    return renderer.render(messages, options);
  }

  /** The conversation as the text the template writes (images expanded to their token count). */
  public String renderText(List<ChatMessage> messages, RenderOptions options) {
    return renderer.renderText(messages, options);
  }

  private static int[] appended(int[] ids, int id) {
    int[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = id;
    return out;
  }
}
