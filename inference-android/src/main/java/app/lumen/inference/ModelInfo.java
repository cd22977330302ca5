package app.lumen.inference;

/**
 * Facts about a loaded model package.
 *
 * @param id the package id from {@code lumen-package.json}
 * @param family the family ({@code qwen3_vl}, {@code qwen2_vl}, …)
 * @param displayName a human-readable name
 * @param contextLength the usable context in tokens: {@link EngineOptions#maxContextTokens()} when
 *     set (at most the model's limit), else the default sized to the device's memory
 * @param supportsImages whether the package has a vision graph
 * @param contextReason why the context is {@code contextLength}, in words (e.g. the memory rule's
 *     figures), for logs and benchmarks; empty when not stated
 */
public record ModelInfo(
    String id,
    String family,
    String displayName,
    int contextLength,
    boolean supportsImages,
    String contextReason) {

  /** Facts without a stated reason for the context length. */
  public ModelInfo(
      String id, String family, String displayName, int contextLength, boolean supportsImages) {
    this(id, family, displayName, contextLength, supportsImages, "");
  }
}
