package app.lumen.vision;

/**
 * A rough model of what encoding costs, for {@link ImagePlan}'s estimates. Compute is two FLOPs per
 * weight per patch plus the attention's {@code 4·N²·hidden} per block; memory is the input, the
 * activations of one block and the attention scores of all heads (which ONNX Runtime materialises:
 * this term is why large budgets run out of memory on phones).
 *
 * <p>Immutable.
 *
 * @param parameters weights of the vision tower
 * @param depth transformer blocks
 * @param hidden width of the blocks
 * @param heads attention heads
 * @param gflopsPerSecond sustained throughput assumed for the device
 */
public record VisionCostModel(
    long parameters, int depth, int hidden, int heads, double gflopsPerSecond) {

  /** Qwen3-VL 2B's vision tower (407 M weights, 24 blocks of 1024) on a mid-range phone CPU. */
  public static final VisionCostModel QWEN3_VL_2B_PHONE =
      new VisionCostModel(407_000_000L, 24, 1024, 16, 40);

  /** Estimated milliseconds to encode {@code patches} patches. */
  public double encodeMillis(long patches) {
    double flops = 2.0 * parameters * patches + 4.0 * depth * (double) patches * patches * hidden;
    return flops / (gflopsPerSecond * 1e9) * 1000;
  }

  /** Estimated working bytes while encoding {@code patches} patches of {@code patchValues}. */
  public long peakBytes(long patches, int patchValues) {
    long input = patches * patchValues * 4L;
    long activations = patches * hidden * 4L * 8; // residual, qkv, 4x MLP
    long scores = (long) heads * patches * patches * 4L;
    return input + activations + scores;
  }
}
