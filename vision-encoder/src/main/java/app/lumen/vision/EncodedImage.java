package app.lumen.vision;

/**
 * The vision encoder's output for one picture, row-major float32.
 *
 * <p>Immutable by convention (arrays are not copied; do not change them). Thread-safe.
 *
 * @param tokens rows: merged image tokens, equal to the plan's token count
 * @param hiddenSize columns: the decoder's hidden size
 * @param features {@code tokens × hiddenSize} values that replace the image tokens' embeddings
 * @param deepstack per DeepStack level (Qwen3-VL), {@code tokens × hiddenSize} values added after
 *     the matching decoder layer; empty when the graph has none
 */
public record EncodedImage(int tokens, int hiddenSize, float[] features, float[][] deepstack) {

  public EncodedImage {
    long expected = (long) tokens * hiddenSize;
    if (features.length != expected) {
      throw new IllegalArgumentException(
          "features must hold " + tokens + "x" + hiddenSize + " values, has " + features.length);
    }
    for (float[] level : deepstack) {
      if (level.length != expected) {
        throw new IllegalArgumentException(
            "deepstack levels must hold " + tokens + "x" + hiddenSize + " values");
      }
    }
  }

  /** Bytes held, for cache accounting. */
  public long bytes() {
    return 4L * features.length * (1 + deepstack.length);
  }

  @Override
  public String toString() {
    return "EncodedImage[" + tokens + "x" + hiddenSize + ", deepstack=" + deepstack.length + "]";
  }
}
