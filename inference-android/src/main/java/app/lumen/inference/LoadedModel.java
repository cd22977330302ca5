package app.lumen.inference;

import app.lumen.inference.vision.VisionModel;

/**
 * A model package loaded into memory: immutable graphs, tokenizer and configuration shared by all
 * of its {@link ChatSession}s.
 *
 * <p>Threading: safe to use from any thread. Generations of all sessions of one model run one at a
 * time (a second one waits for the first), because each already uses every core and most of the
 * memory bandwidth.
 *
 * <p>Errors: after {@link #close()} (or after its engine is closed) every method, and every method
 * of its sessions and of its {@link #vision()}, throws {@link IllegalStateException}.
 */
public interface LoadedModel extends AutoCloseable {

  /** What was loaded. */
  ModelInfo info();

  /** The execution provider actually in use (after any fallback to CPU). */
  ExecutionProvider provider();

  /** The provider requested, the one in use, and why they differ when they do. */
  ProviderChoice providerChoice();

  /**
   * Time spent inside graph runs so far, for measuring the engine's own overhead. The default
   * reports {@link GraphRunStats#NONE} (always zero), for models that do not measure.
   */
  default GraphRunStats graphRunStats() {
    return GraphRunStats.NONE;
  }

  /** The sampling defaults of the package's {@code generation_config.json}. */
  SamplingParams defaultSampling();

  /** A new conversation with an empty cache. Close it to release its cache. */
  ChatSession newSession();

  /**
   * The model's own vision path, which turns pictures into image parts of this model's messages:
   * pictures are always planned and encoded by the model that reads their tokens. It belongs to
   * this model and is closed with it; do not close it yourself.
   *
   * <p>The ONNX Runtime engine opens the vision graph on the first call, not with the model: most
   * answers have no photo, and the graph (hundreds of MB for real packages) would otherwise add its
   * load time and memory to every text-only chat. Later calls return the same instance.
   *
   * @throws InvalidRequestException when the package reads no images (no vision graph; {@link
   *     ModelInfo#supportsImages()} is false)
   * @throws ModelLoadException when the vision graph or its processor config cannot be loaded
   */
  VisionModel vision();

  /** Closes every session and releases the graphs, the vision graph included. Idempotent. */
  @Override
  void close();
}
