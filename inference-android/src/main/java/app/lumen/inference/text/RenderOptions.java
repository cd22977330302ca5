package app.lumen.inference.text;

/**
 * How to render a conversation.
 *
 * @param addGenerationPrompt end with the opening of an assistant turn (the model answers next)
 * @param addVisionId write {@code Picture N: } before each image, numbered through the conversation
 * @param enableThinking the {@code enable_thinking} switch of templates that have one (Qwen3's);
 *     templates without the switch ignore it
 */
public record RenderOptions(
    boolean addGenerationPrompt, boolean addVisionId, boolean enableThinking) {

  /** A prompt for the next answer, without picture numbers. */
  public static final RenderOptions GENERATE = new RenderOptions(true, false);

  /** The conversation as history only (for caching, or training-style rendering). */
  public static final RenderOptions HISTORY = new RenderOptions(false, false);

  /** Options without the thinking switch turned on. */
  public RenderOptions(boolean addGenerationPrompt, boolean addVisionId) {
    this(addGenerationPrompt, addVisionId, false);
  }
}
