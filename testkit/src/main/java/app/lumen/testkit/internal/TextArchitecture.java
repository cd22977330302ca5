package app.lumen.testkit.internal;

import app.lumen.testkit.ModelFamily;

/**
 * The text decoder's shape: everything the graph builders and config writers need.
 *
 * @param mropeSection frequency slots per position row (T, H, W); sums to {@code headDim / 2}
 * @param mropeInterleaved Qwen3-VL's T,H,W,T,H,W… slot order; false for Qwen2-VL's T…H…W… chunks
 * @param deepstackLayers how many DeepStack feature sets the decoder takes (0 = no input)
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
    int maxPositionEmbeddings) {

  /**
   * The tiny shape for golden tests. The small rope theta makes every frequency slot turn by a
   * visible angle within a few dozen positions, so a wrong slot-to-row map changes the logits.
   */
  public static TextArchitecture tiny(ModelFamily family, int vocabSize) {
    boolean qwen3 = family.isQwen3();
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
        qwen3 ? 262144 : 32768);
  }

  public int groupSize() {
    return numHeads / numKvHeads;
  }
}
