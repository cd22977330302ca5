package app.lumen.testkit.internal;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.GeneratedFamilies;

/**
 * The text decoder's shape: everything the graph builders and config writers need.
 *
 * @param mropeSection frequency slots per position row (T, H, W); sums to {@code headDim / 2}
 * @param mropeInterleaved Qwen3-VL's T,H,W,T,H,W… slot order; false for Qwen2-VL's T…H…W… chunks
 * @param deepstackLayers how many DeepStack feature sets the decoder takes (0 = no input)
 * @param tiedEmbeddings whether the head is the embedding table (the config's tie_word_embeddings)
 */
public record TextArchitecture(
    ModelFamily family,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int intermediateSize,
    int vocabSize,
    double rmsNormEps,
    double ropeTheta,
    int[] mropeSection,
    boolean mropeInterleaved,
    boolean qkNorm,
    boolean qkvBias,
    int deepstackLayers,
    int maxPositionEmbeddings,
    boolean tiedEmbeddings) {

  /**
   * The tiny shape for golden tests. The small rope theta makes every frequency slot turn by a
   * visible angle within a few dozen positions, so a wrong slot-to-row map changes the logits.
   */
  public static TextArchitecture tiny(ModelFamily family, int vocabSize) {
    GeneratedFamilies.require(family);
    boolean qwen3 = family == ModelFamily.QWEN3_VL;
    return new TextArchitecture(
        family,
        64,
        2,
        4,
        2,
        16,
        192,
        vocabSize,
        1e-6,
        100.0,
        // Qwen3-VL's [24,20,20] leaves the last slots to T; [4,2,2] keeps that tail (slots 6, 7),
        // so an implementation that just cycles T,H,W over all slots is caught. Qwen2-VL's
        // [16,24,24] scaled to 8 slots is [2,3,3].
        qwen3 ? new int[] {4, 2, 2} : new int[] {2, 3, 3},
        qwen3,
        qwen3,
        !qwen3,
        qwen3 ? 2 : 0,
        qwen3 ? 262144 : 32768,
        true);
  }

  /**
   * A full-size decoder with Qwen3-VL-2B's or -4B's text dimensions ({@code size} "2b" or "4b") and
   * the family's attention rules; untied head (the random head is not the random table).
   */
  public static TextArchitecture fullSize(ModelFamily family, String size) {
    GeneratedFamilies.require(family);
    boolean qwen3 = family == ModelFamily.QWEN3_VL;
    int hidden;
    int layers;
    int heads;
    int intermediate;
    switch (size) {
      case "2b" -> {
        hidden = 2048;
        layers = 28;
        heads = 16;
        intermediate = 6144;
      }
      case "4b" -> {
        hidden = 2560;
        layers = 36;
        heads = 32;
        intermediate = 9728;
      }
      default ->
          throw new IllegalArgumentException("unknown size '" + size + "' (expected 2b or 4b)");
    }
    return new TextArchitecture(
        family,
        hidden,
        layers,
        heads,
        8,
        128,
        intermediate,
        151936,
        1e-6,
        qwen3 ? 5_000_000.0 : 1_000_000.0,
        qwen3 ? new int[] {24, 20, 20} : new int[] {16, 24, 24},
        qwen3,
        qwen3,
        !qwen3,
        qwen3 ? 3 : 0,
        qwen3 ? 262144 : 32768,
        false);
  }

  /** The same decoder without the DeepStack input (as exports that drop it). */
  public TextArchitecture withoutDeepstackInput() {
    return new TextArchitecture(
        family,
        hiddenSize,
        numLayers,
        numHeads,
        numKvHeads,
        headDim,
        intermediateSize,
        vocabSize,
        rmsNormEps,
        ropeTheta,
        mropeSection,
        mropeInterleaved,
        qkNorm,
        qkvBias,
        0,
        maxPositionEmbeddings,
        tiedEmbeddings);
  }

  public int groupSize() {
    return numHeads / numKvHeads;
  }
}
