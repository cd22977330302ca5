package app.lumen.inference;

import app.lumen.inference.internal.MemoryForecaster;
import app.lumen.vision.TokenBudget;
import java.nio.file.Path;

/**
 * How much memory a package will need once loaded, predicted from its files without loading it (no
 * ONNX session is created, so a phone can decide before mapping gigabytes of graphs). {@link
 * MemoryGate} weighs it against the device's memory.
 *
 * <p>The parts, in bytes:
 *
 * <ul>
 *   <li>{@link #weightBytes}: the graphs a load opens, decoder and embedding, with their external
 *       data files;
 *   <li>{@link #visionWeightBytes} and {@link #visionEncodeBytes}: the vision graph, opened on the
 *       first photo only, and the encoder's working memory for a photo at {@link #imageTokens}
 *       tokens (the image planner's {@link app.lumen.vision.VisionCostModel});
 *   <li>the decoder cache: {@link #cacheBytesPerToken} for each of the {@link #contextTokens} the
 *       engine would choose, held twice during a run (the past cache and the present one);
 *   <li>{@link #fixedBytes}: what the engine needs whatever the context (a prefill run's logits and
 *       activations).
 * </ul>
 *
 * <p>The cache's element type is the one the decoder graph declares for {@code past_key_values}
 * (read from the graph's structure, not through ONNX Runtime); float32 when it declares none.
 * Immutable.
 *
 * @param modelId the manifest's id
 * @param displayName the manifest's display name, for messages
 * @param imageTokens the photo size the vision figures assume, in image tokens; 0 without vision
 * @param contextTokens the context a load with the same {@link EngineOptions} would choose
 */
public record MemoryForecast(
    String modelId,
    String displayName,
    long weightBytes,
    long visionWeightBytes,
    long visionEncodeBytes,
    int imageTokens,
    long cacheBytesPerToken,
    int contextTokens,
    long fixedBytes) {

  /**
   * The photo size the vision figures assume by default: {@link TokenBudget#MEDIUM}, the default on
   * phones, or the package's largest area if smaller.
   */
  public static final TokenBudget DEFAULT_IMAGE_BUDGET = TokenBudget.MEDIUM;

  /**
   * The forecast for the package in {@code packageDir} loaded with {@code options} (whose {@code
   * availableMemoryBytes} and {@code maxContextTokens} choose the context, as a load would), photos
   * at {@link #DEFAULT_IMAGE_BUDGET}. Reads a few small files; call it off the main thread.
   *
   * @throws UnsupportedFamilyException when this engine does not run the package's family
   * @throws ModelLoadException when the package is missing, malformed or has a file of the wrong
   *     size
   */
  public static MemoryForecast of(Path packageDir, EngineOptions options) {
    return of(packageDir, options, DEFAULT_IMAGE_BUDGET);
  }

  /** As {@link #of(Path, EngineOptions)} with photos at {@code imageBudget}. */
  public static MemoryForecast of(Path packageDir, EngineOptions options, TokenBudget imageBudget) {
    return MemoryForecaster.forecast(packageDir, options, imageBudget);
  }

  /** Whether the package reads photos (and the vision figures are not 0). */
  public boolean hasVision() {
    return visionWeightBytes > 0;
  }

  /** The decoder cache at {@link #contextTokens}, past and present. */
  public long cacheBytes() {
    return 2L * contextTokens * cacheBytesPerToken;
  }

  /** Peak of a text-only conversation filling the context. */
  public long textPeakBytes() {
    return weightBytes + cacheBytes() + fixedBytes;
  }

  /** Peak of a conversation with a photo: the text peak, the vision graph and one encode. */
  public long photoPeakBytes() {
    return textPeakBytes() + visionWeightBytes + visionEncodeBytes;
  }
}
