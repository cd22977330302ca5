package app.lumen.inference;

/**
 * Counts and timings of one generation. Immutable and safe to share between threads.
 *
 * @param promptTokens tokens of the rendered conversation the answer continues
 * @param prefilledTokens prompt tokens processed by this generation (the new ones)
 * @param reusedTokens prompt tokens taken from the session's cache
 * @param droppedTokens tokens of old turns left out because the context was full
 * @param generatedTokens tokens produced
 * @param ttftMillis from the call to the first generated token (0 when none)
 * @param prefillTokensPerSecond prefilled tokens per second of prefill (0 when none)
 * @param decodeTokensPerSecond generated tokens after the first per second of decode (0 when fewer
 *     than two tokens)
 * @param imageEncodeMillis time in the vision encoder (0 when no new image)
 * @param provider the execution provider that ran the graphs ({@code "cpu"})
 * @param providerFallback why the requested provider did not run them ({@link
 *     ProviderChoice#fallbackReason()}); null when it did
 */
public record GenerationStats(
    int promptTokens,
    int prefilledTokens,
    int reusedTokens,
    int droppedTokens,
    int generatedTokens,
    double ttftMillis,
    double prefillTokensPerSecond,
    double decodeTokensPerSecond,
    double imageEncodeMillis,
    String provider,
    String providerFallback) {

  /** Figures of a generation that ran on the provider it asked for. */
  public GenerationStats(
      int promptTokens,
      int prefilledTokens,
      int reusedTokens,
      int droppedTokens,
      int generatedTokens,
      double ttftMillis,
      double prefillTokensPerSecond,
      double decodeTokensPerSecond,
      double imageEncodeMillis,
      String provider) {
    this(
        promptTokens,
        prefilledTokens,
        reusedTokens,
        droppedTokens,
        generatedTokens,
        ttftMillis,
        prefillTokensPerSecond,
        decodeTokensPerSecond,
        imageEncodeMillis,
        provider,
        null);
  }
}
