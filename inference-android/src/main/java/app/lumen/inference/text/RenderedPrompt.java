package app.lumen.inference.text;

import java.util.List;

/**
 * A rendered conversation: the ids to feed the model and where each image's tokens sit in them (the
 * engine writes the vision features into those rows and builds M-RoPE positions around them).
 * Immutable; {@link #ids()} returns a copy.
 */
public final class RenderedPrompt {

  private final int[] ids;
  private final List<ImageSpan> images;

  public RenderedPrompt(int[] ids, List<ImageSpan> images) {
    this.ids = ids.clone();
    this.images = List.copyOf(images);
  }

  public int[] ids() {
    return ids.clone();
  }

  public int length() {
    return ids.length;
  }

  public int id(int index) {
    return ids[index];
  }

  /** Where each image's tokens sit, in conversation order. */
  public List<ImageSpan> images() {
    return images;
  }

  /**
   * How many leading ids this prompt shares with {@code previous}: the part of a cached
   * conversation that can be reused without recomputation.
   */
  public int commonPrefixLength(int[] previous) {
    int n = Math.min(ids.length, previous.length);
    int i = 0;
    while (i < n && ids[i] == previous[i]) {
      i++;
    }
    return i;
  }
}
