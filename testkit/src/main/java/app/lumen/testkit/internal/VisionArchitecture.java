package app.lumen.testkit.internal;

/**
 * The shape of a Qwen-VL vision tower: Qwen3-VL's (learned position grid, biased patch embedding,
 * tanh-GELU MLP, DeepStack mergers) or Qwen2-VL's (no position table, no patch bias, QuickGELU MLP,
 * one merger, {@code grid_thw} input).
 *
 * @param qwen3 Qwen3-VL style; false for Qwen2-VL
 * @param numPositionEmbeddings learned position grid (a square: side = sqrt)
 * @param deepstackIndexes blocks whose output feeds a DeepStack merger
 * @param outHiddenSize the decoder's hidden size
 */
public record VisionArchitecture(
    boolean qwen3,
    int patchSize,
    int temporalPatchSize,
    int mergeSize,
    int depth,
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int numPositionEmbeddings,
    int[] deepstackIndexes,
    int outHiddenSize,
    double layerNormEps,
    double ropeTheta) {

  /**
   * The tiny tower of generated Qwen3-VL packages (matches {@code HfConfigFiles.VisionShape.tiny}).
   */
  public static VisionArchitecture tiny(HfConfigFiles.VisionShape shape, int outHidden) {
    return new VisionArchitecture(
        true,
        16,
        2,
        2,
        shape.depth(),
        shape.hiddenSize(),
        shape.intermediateSize(),
        shape.numHeads(),
        shape.numPositionEmbeddings(),
        shape.deepstackIndexes().clone(),
        outHidden,
        1e-6,
        10000.0);
  }

  /** The tiny Qwen2-VL tower: patch 14, no position table, no DeepStack. */
  public static VisionArchitecture tinyQwen2(HfConfigFiles.VisionShape shape, int outHidden) {
    return new VisionArchitecture(
        false,
        14,
        2,
        2,
        shape.depth(),
        shape.hiddenSize(),
        shape.intermediateSize(),
        shape.numHeads(),
        0,
        new int[0],
        outHidden,
        1e-6,
        10000.0);
  }

  /** The grid input's name: {@code image_grid_thw}, or {@code grid_thw} in Qwen2-VL exports. */
  public String gridInput() {
    return qwen3 ? "image_grid_thw" : "grid_thw";
  }

  public int patchValues() {
    return 3 * temporalPatchSize * patchSize * patchSize;
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  public int gridPerSide() {
    return (int) Math.round(Math.sqrt(numPositionEmbeddings));
  }
}
