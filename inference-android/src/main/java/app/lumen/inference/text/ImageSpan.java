package app.lumen.inference.text;

import app.lumen.inference.ImageInput;

/**
 * An image's tokens inside a rendered prompt: {@code image.tokenCount()} consecutive {@code
 * <|image_pad|>} ids starting at {@code start}. The engine writes the image's features into those
 * rows and builds M-RoPE positions around them. Immutable.
 */
public record ImageSpan(int start, ImageInput image) {

  /** How many ids the image occupies. */
  public int tokens() {
    return image.tokenCount();
  }

  /** The index just past the image's last token. */
  public int end() {
    return start + tokens();
  }

  public boolean contains(int index) {
    return index >= start && index < end();
  }
}
