package app.lumen.inference;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the engine runs graphs. Immutable and safe to share between threads; build with {@link
 * #builder()}. The constructor throws {@link IllegalArgumentException} for a null provider or a
 * negative count.
 *
 * @param provider the preferred execution provider; when this ONNX Runtime build lacks it or it
 *     cannot compile a graph, the engine falls back to {@link ExecutionProvider#CPU} and reports
 *     why in {@link LoadedModel#providerChoice()} and {@link GenerationStats#providerFallback()}
 * @param intraOpThreads threads per graph run; 0 means one per available processor
 * @param allowSpinning whether ONNX Runtime worker threads spin while waiting for work (faster
 *     decode, more battery)
 * @param maxContextTokens cap on the context length in tokens; 0 means a default sized to {@code
 *     availableMemoryBytes}: the tokens whose decoder cache fits half of it (twice per token, as a
 *     run holds the past and the present cache), clamped to 4,096–8,192 and to the model's limit;
 *     {@link ModelInfo#contextReason()} says which applied
 * @param nnapiFlags options of the NNAPI provider (ignored by the others); null means none
 * @param availableMemoryBytes memory the device can give the engine (on Android, {@code
 *     ActivityManager.MemoryInfo.availMem} less its {@code threshold}); 0 means unknown, which
 *     gives the smallest default context
 */
public record EngineOptions(
    ExecutionProvider provider,
    int intraOpThreads,
    boolean allowSpinning,
    int maxContextTokens,
    Set<NnapiFlag> nnapiFlags,
    long availableMemoryBytes) {

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
    if (availableMemoryBytes < 0) {
      throw new IllegalArgumentException(
          "availableMemoryBytes must be >= 0, was " + availableMemoryBytes);
    }
    EnumSet<NnapiFlag> flags = EnumSet.noneOf(NnapiFlag.class);
    if (nnapiFlags != null) {
      flags.addAll(nnapiFlags);
    }
    nnapiFlags = Collections.unmodifiableSet(flags);
  }

  /**
   * CPU, one thread per core, spinning on, no NNAPI flags, available memory unknown (so the
   * smallest default context, 4,096 tokens or the model's limit if lower).
   */
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
        .maxContextTokens(maxContextTokens)
        .nnapiFlags(nnapiFlags)
        .availableMemoryBytes(availableMemoryBytes);
  }

  /** Builder for {@link EngineOptions}. Not thread-safe. */
  public static final class Builder {
    private ExecutionProvider provider = ExecutionProvider.CPU;
    private int intraOpThreads;
    private boolean allowSpinning = true;
    private int maxContextTokens;
    private Set<NnapiFlag> nnapiFlags = Set.of();
    private long availableMemoryBytes;

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

    /** NNAPI options, e.g. {@code EnumSet.of(NnapiFlag.USE_FP16, NnapiFlag.CPU_DISABLED)}. */
    public Builder nnapiFlags(Set<NnapiFlag> nnapiFlags) {
      this.nnapiFlags = nnapiFlags;
      return this;
    }

    /** Memory the device can give the engine, which sizes the default context; 0: unknown. */
    public Builder availableMemoryBytes(long availableMemoryBytes) {
      this.availableMemoryBytes = availableMemoryBytes;
      return this;
    }

    public EngineOptions build() {
      return new EngineOptions(
          provider,
          intraOpThreads,
          allowSpinning,
          maxContextTokens,
          nnapiFlags,
          availableMemoryBytes);
    }
  }
}
