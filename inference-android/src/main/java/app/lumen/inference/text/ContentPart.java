package app.lumen.inference.text;

/**
 * One item of a message: text, or an image that the vision encoder turns into {@link
 * Image#tokens()} embeddings. Immutable.
 */
public interface ContentPart {

  static Text text(String text) {
    return new Text(text);
  }

  /**
   * An image rendered as {@code tokens} {@code <|image_pad|>} tokens (the vision encoder's count).
   */
  static Image image(int tokens) {
    return new Image(tokens);
  }

  /**
   * An image left as the single {@code <|image_pad|>} placeholder the Hugging Face template writes
   * before the processor expands it.
   */
  static Image unexpandedImage() {
    return new Image(1);
  }

  /** Plain text, written exactly as given. */
  record Text(String text) implements ContentPart {
    public Text {
      if (text == null) {
        throw new IllegalArgumentException("text must not be null");
      }
    }
  }

  /** An image occupying {@code tokens} positions of the prompt. */
  record Image(int tokens) implements ContentPart {
    public Image {
      if (tokens < 1) {
        throw new IllegalArgumentException("an image needs at least 1 token, got " + tokens);
      }
    }
  }
}
