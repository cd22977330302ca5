package app.lumen.inference.internal;

import app.lumen.inference.ImageInput;

/**
 * An image's tokens inside a prompt: {@code image.tokenCount()} consecutive image-pad tokens
 * starting at {@code start}.
 */
record ImageSpan(int start, ImageInput image) {
  int end() {
    return start + image.tokenCount();
  }

  boolean contains(int index) {
    return index >= start && index < end();
  }
}
