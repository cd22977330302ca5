package app.lumen.inference.text;

/**
 * How to render a conversation.
 *
 * @param addGenerationPrompt end with the opening of an assistant turn (the model answers next)
 * @param addVisionId write {@code Picture N: } before each image, numbered through the conversation
 */
public record RenderOptions(boolean addGenerationPrompt, boolean addVisionId) {

  /** A prompt for the next answer, without picture numbers. */
  public static final RenderOptions GENERATE = new RenderOptions(true, false);

  /** The conversation as history only (for caching, or training-style rendering). */
  public static final RenderOptions HISTORY = new RenderOptions(false, false);
}
