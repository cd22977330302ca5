package app.lumen.inference;

/**
 * Streams one generation. Every method has a no-op default.
 *
 * <p>Order: {@link #onPhaseStarted}/{@link #onPhase} for {@link Phase#ENCODING_IMAGE} (when the
 * request has new images), {@link Phase#PREFILL} and {@link Phase#DECODE}; {@link #onToken} for
 * each generated token; then exactly one of {@link #onFinished} (including a cancelled generation,
 * with {@link FinishReason#CANCELLED}) or {@link #onFailed}.
 *
 * <p>Threading: every call comes from the thread running the generation — the caller's thread for
 * {@link ChatSession#generate}, the model's worker thread for {@link ChatSession#generateAsync}.
 * Calls never overlap. Keep them short; a slow listener slows generation. An exception thrown by
 * {@link #onPhaseStarted}, {@link #onPhase} or {@link #onToken} ends the generation through {@link
 * #onFailed}; one thrown by {@link #onFinished} or {@link #onFailed} reaches the caller of {@link
 * ChatSession#generate} (or {@link GenerationHandle#await()}).
 */
public interface GenerationListener extends PhaseListener {

  /** A listener that ignores everything. */
  GenerationListener NONE = new GenerationListener() {};

  /**
   * A token was generated.
   *
   * @param tokenId the vocabulary id
   * @param textDelta the text it completes; may be empty when the token ends inside a UTF-8
   *     character or is held back because it may start a stop string. The deltas add up to the
   *     result's text and reasoning, except when the model ends its turn (or the generation is
   *     cancelled) right after such held-back text: that short tail is only in the result.
   * @param thinking whether the token belongs to the reasoning between {@code <think>} and {@code
   *     </think>} rather than to the answer
   */
  default void onToken(int tokenId, String textDelta, boolean thinking) {}

  /** The generation ended normally or was cancelled; {@code result} says which. */
  default void onFinished(GenerationResult result) {}

  /**
   * The generation failed. {@link GenerationException#partialResult()} holds what was produced. The
   * session remains usable: its cache is rolled back to a consistent state.
   */
  default void onFailed(GenerationException error) {}
}
