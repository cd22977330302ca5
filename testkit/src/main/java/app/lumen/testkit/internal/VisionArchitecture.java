package app.lumen.testkit.internal;

/**
 * The shape of a Qwen3-VL vision tower.
 *
 * @param numPositionEmbeddings learned position grid (a square: side = sqrt)
 * @param deepstackIndexes blocks whose output feeds a DeepStack merger
 * @param outHiddenSize the decoder's hidden size
 */
public record VisionArchitecture(
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
