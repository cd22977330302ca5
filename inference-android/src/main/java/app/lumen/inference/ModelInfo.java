package app.lumen.inference;

/**
 * Facts about a loaded model package.
 *
 * @param id the package id from {@code lumen-package.json}
 * @param family the family ({@code qwen3_vl}, {@code qwen2_vl}, …)
 * @param displayName a human-readable name
 * @param contextLength the usable context in tokens (the smaller of the model's limit and {@link
 *     EngineOptions#maxContextTokens()})
 * @param supportsImages whether the package has a vision graph
 */
public record ModelInfo(
    String id, String family, String displayName, int contextLength, boolean supportsImages) {}
