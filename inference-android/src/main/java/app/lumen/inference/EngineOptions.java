package app.lumen.inference;

/**
 * How the engine runs graphs. Immutable; build with {@link #builder()}.
 *
 * @param provider the preferred execution provider; when it cannot be added, the engine falls back
 *     to {@link ExecutionProvider#CPU} and reports the provider actually used in {@link
 *     LoadedModel#provider()} and {@link GenerationStats#provider()}
 * @param intraOpThreads threads per graph run; 0 means one per available processor
 * @param allowSpinning whether ONNX Runtime worker threads spin while waiting for work (faster
 *     decode, more battery)
 * @param maxContextTokens cap on the context length in tokens; 0 means the model's own limit
 */
public record EngineOptions(
    ExecutionProvider provider, int intraOpThreads, boolean allowSpinning, int maxContextTokens) {

  public EngineOptions {
    if (provider == null) {
      throw new IllegalArgumentException("provider must not be null");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, was " + intraOpThreads);
    }
    if (maxContextTokens < 0) {
      throw new IllegalArgumentException("maxContextTokens must be >= 0, was " + maxContextTokens);
    }
  }

  /** CPU, one thread per core, spinning on, the model's context length. */
  public static EngineOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .provider(provider)
        .intraOpThreads(intraOpThreads)
        .allowSpinning(allowSpinning)
        .maxContextTokens(maxContextTokens);
  }

  /** Builder for {@link EngineOptions}. Not thread-safe. */
  public static final class Builder {
    private ExecutionProvider provider = ExecutionProvider.CPU;
    private int intraOpThreads;
    private boolean allowSpinning = true;
    private int maxContextTokens;

    private Builder() {}

    public Builder provider(ExecutionProvider provider) {
      this.provider = provider;
      return this;
    }

    public Builder intraOpThreads(int intraOpThreads) {
      this.intraOpThreads = intraOpThreads;
      return this;
    }

    public Builder allowSpinning(boolean allowSpinning) {
      this.allowSpinning = allowSpinning;
      return this;
    }

    public Builder maxContextTokens(int maxContextTokens) {
      this.maxContextTokens = maxContextTokens;
      return this;
    }

    public EngineOptions build() {
      return new EngineOptions(provider, intraOpThreads, allowSpinning, maxContextTokens);
    }
  }
}
