package app.lumen.inference.sampling;

import app.lumen.inference.SamplingParams;
import java.util.Random;

/**
 * Chooses tokens for one generation: the {@link SamplingParams}, a seeded random source and the set
 * of tokens already in the context (for the repetition penalty).
 *
 * <p>Not thread-safe: one instance per generation. The same seed, context and logits give the same
 * tokens on every platform ({@link Random} is specified bit for bit).
 */
public final class Sampler {
  private final SamplingParams params;
  private final Random random;
  private final boolean[] seen;
  private int step;

  /**
   * @param vocabSize the length of the logits rows
   * @param seed used when {@code params.seed()} is null
   */
  public Sampler(SamplingParams params, int vocabSize, long seed) {
    this.params = params;
    this.random = new Random(params.seed() != null ? params.seed() : seed);
    this.seen = new boolean[params.repetitionPenalty() == 1f ? 0 : vocabSize];
  }

  /** Marks tokens as present in the context (prompt or answer). */
  public void observe(int[] tokenIds, int from, int to) {
    if (seen.length == 0) {
      return;
    }
    for (int i = from; i < to; i++) {
      observe(tokenIds[i]);
    }
  }

  public void observe(int tokenId) {
    if (tokenId >= 0 && tokenId < seen.length) {
      seen[tokenId] = true;
    }
  }

  /**
   * Chooses the next token. Modifies {@code logits} in place (repetition penalty).
   *
   * @param logits one row of the model's output, vocabulary-sized
   * @throws NonFiniteLogitsException when the row holds NaN or +Infinity, or only -Infinity
   */
  public int next(float[] logits) {
    step++;
    LogitsProcessing.applyRepetitionPenalty(logits, seen, params.repetitionPenalty());
    // Checked after the penalty, which can push a huge logit to +Infinity; either way no index
    // into the distribution could be trusted.
    requireFinite(logits);
    if (params.isGreedy()) {
      return LogitsProcessing.argmax(logits);
    }
    Distribution distribution =
        LogitsProcessing.distribution(
            logits, params.temperature(), params.topK(), params.topP(), params.minP());
    return distribution.draw(random.nextDouble());
  }

  private void requireFinite(float[] logits) {
    boolean anyFinite = false;
    for (int id = 0; id < logits.length; id++) {
      float value = logits[id];
      if (Float.isNaN(value) || value == Float.POSITIVE_INFINITY) {
        throw new NonFiniteLogitsException(step, value + " at token " + id);
      }
      anyFinite |= value != Float.NEGATIVE_INFINITY;
    }
    if (!anyFinite) {
      throw new NonFiniteLogitsException(step, "no finite value");
    }
  }
}
