package app.lumen.inference;

/**
 * Which execution provider a model asked for, which one runs its graphs, and why they differ.
 *
 * <p>The engine falls back to {@link ExecutionProvider#CPU} when the requested provider is missing
 * from the ONNX Runtime build (the desktop jar has neither XNNPACK nor NNAPI) or cannot compile one
 * of the model's graphs (a device whose NNAPI driver rejects an operator, say); the reason says
 * which, naming the provider.
 *
 * <p>Immutable and safe to share between threads. The constructor throws {@link
 * IllegalArgumentException} when a provider is null or when the reason is present exactly when the
 * two providers are the same.
 *
 * @param requested the provider of {@link EngineOptions#provider()}
 * @param used the provider that runs the graphs
 * @param fallbackReason why {@code used} is not {@code requested}; null when it is
 */
public record ProviderChoice(
    ExecutionProvider requested, ExecutionProvider used, String fallbackReason) {

  public ProviderChoice {
    if (requested == null || used == null) {
      throw new IllegalArgumentException("requested and used must not be null");
    }
    if ((requested == used) != (fallbackReason == null)) {
      throw new IllegalArgumentException(
          "a fallback reason goes with a provider other than the requested one, and only then: "
              + requested
              + " -> "
              + used
              + ", reason "
              + fallbackReason);
    }
  }

  /** The provider ran as requested. */
  public static ProviderChoice asRequested(ExecutionProvider provider) {
    return new ProviderChoice(provider, provider, null);
  }

  /** {@code requested} could not be used; {@code used} runs the graphs instead. */
  public static ProviderChoice fallback(
      ExecutionProvider requested, ExecutionProvider used, String reason) {
    if (reason == null || reason.trim().isEmpty()) {
      throw new IllegalArgumentException("a fallback needs a reason");
    }
    return new ProviderChoice(requested, used, reason);
  }

  /** Whether the graphs run on another provider than the one requested. */
  public boolean fellBack() {
    return fallbackReason != null;
  }
}
