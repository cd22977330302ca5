package app.lumen.inference;

/** One item of a message's content: text or an image, in the order they appear. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

  /** Plain text. */
  record Text(String text) implements ContentPart {
    public Text {
      if (text == null) {
        throw new IllegalArgumentException("text must not be null");
      }
    }
  }

  /** An image, expanded to {@link ImageInput#tokenCount()} image tokens in the prompt. */
  record Image(ImageInput image) implements ContentPart {
    public Image {
      if (image == null) {
        throw new IllegalArgumentException("image must not be null");
      }
    }
  }

  static ContentPart text(String text) {
    return new Text(text);
  }

  static ContentPart image(ImageInput image) {
    return new Image(image);
  }

  /**
   * An image slot of {@code tokens} image tokens without pixels, for laying out prompts (the {@code
   * render} command, template tests). Generating from it fails with {@link
   * InvalidRequestException}: there is nothing to encode.
   */
  static ContentPart imagePlaceholder(int tokens) {
    return new Image(new ImagePlaceholder(tokens));
  }

  /**
   * The single {@code <|image_pad|>} the Hugging Face template writes before the processor expands
   * it: {@link #imagePlaceholder} of one token.
   */
  static ContentPart unexpandedImage() {
    return imagePlaceholder(1);
  }
}
