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
   */
  public int next(float[] logits) {
    LogitsProcessing.applyRepetitionPenalty(logits, seen, params.repetitionPenalty());
    if (params.isGreedy()) {
      return LogitsProcessing.argmax(logits);
    }
    Distribution distribution =
        LogitsProcessing.distribution(
            logits, params.temperature(), params.topK(), params.topP(), params.minP());
    return distribution.draw(random.nextDouble());
  }
}
