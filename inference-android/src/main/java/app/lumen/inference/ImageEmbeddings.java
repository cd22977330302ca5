package app.lumen.inference;

/**
 * The vision encoder's output for one image, row-major float32.
 *
 * @param tokenCount rows
 * @param hiddenSize columns
 * @param embeddings {@code tokenCount × hiddenSize} values replacing the image tokens' embeddings
 * @param deepstack per decoder layer that receives them (Qwen3-VL: 3), {@code tokenCount ×
 *     hiddenSize} values added to that layer's output at the image tokens; empty for families
 *     without DeepStack
 */
public record ImageEmbeddings(
    int tokenCount, int hiddenSize, float[] embeddings, float[][] deepstack) {

  public ImageEmbeddings {
    long expected = (long) tokenCount * hiddenSize;
    if (embeddings == null || embeddings.length != expected) {
      throw new IllegalArgumentException(
          "embeddings must hold " + tokenCount + "x" + hiddenSize + " values");
    }
    if (deepstack == null) {
      deepstack = new float[0][];
    }
    for (int i = 0; i < deepstack.length; i++) {
      if (deepstack[i] == null || deepstack[i].length != expected) {
        throw new IllegalArgumentException(
            "deepstack[" + i + "] must hold " + tokenCount + "x" + hiddenSize + " values");
      }
    }
  }
}
