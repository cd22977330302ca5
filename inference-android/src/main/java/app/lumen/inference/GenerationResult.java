package app.lumen.inference;

import java.util.List;

/**
 * The outcome of one generation. Immutable.
 *
 * @param tokenIds every generated token, reasoning included, stop token excluded
 * @param text the answer (without reasoning and without a matched stop string)
 * @param thinking the reasoning between {@code <think>} and {@code </think>}, or {@code null} when
 *     the model did not reason
 * @param finishReason why it ended
 * @param stats counts and timings
 */
public record GenerationResult(
    List<Integer> tokenIds,
    String text,
    String thinking,
    FinishReason finishReason,
    GenerationStats stats) {

  public GenerationResult {
    tokenIds = List.copyOf(tokenIds);
    if (text == null || finishReason == null || stats == null) {
      throw new IllegalArgumentException("text, finishReason and stats must not be null");
    }
  }

  /** A result with nothing generated (a request refused or failed before its first token). */
  public static GenerationResult empty(FinishReason finishReason) {
    return new GenerationResult(
        List.of(), "", null, finishReason, new GenerationStats(0, 0, 0, 0, 0, 0, 0, 0, 0, ""));
  }
}
