package app.lumen.inference;

/**
 * An image as the decoder sees it: a grid of image tokens and their embeddings. The vision encoder
 * provides implementations; the engine asks for {@link #embeddings} only when the image's tokens
 * are not already in the session's cache.
 *
 * <p>Threading: {@link #embeddings} is called on the generating thread and may take seconds.
 * Implementations must be safe to call more than once (results may be cached).
 */
public interface ImageInput {

  /**
   * A stable identity of the picture and its preprocessing (e.g. a hash of pixels and size). Two
   * inputs with the same key must produce the same embeddings: the cache reuses image tokens by
   * this key, since all image tokens share one token id.
   */
  String cacheKey();

  /**
   * The merged token grid: temporal, height and width in tokens (t·h·w = {@link #tokenCount()}).
   */
  ImageGrid grid();

  /** The number of image tokens in the prompt. */
  default int tokenCount() {
    return grid().tokenCount();
  }

  /**
   * Runs the vision encoder.
   *
   * @param hiddenSize the decoder's hidden size, which the embeddings must match
   * @throws InferenceException when encoding fails
   */
  ImageEmbeddings embeddings(int hiddenSize);

  /**
   * A merged token grid.
   *
   * @param t frames (1 for a still image)
   * @param h rows of tokens
   * @param w columns of tokens
   */
  record ImageGrid(int t, int h, int w) {
    public ImageGrid {
      if (t < 1 || h < 1 || w < 1) {
        throw new IllegalArgumentException("grid must be positive, was " + t + "x" + h + "x" + w);
      }
    }

    public int tokenCount() {
      return t * h * w;
    }
  }
}
