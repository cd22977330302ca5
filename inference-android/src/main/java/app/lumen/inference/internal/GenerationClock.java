package app.lumen.inference.internal;

import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.GenerationStats;
import app.lumen.inference.ProviderChoice;
import java.util.List;

/** Counts and clocks of one generation. */
final class GenerationClock {
  final long start;
  final int promptTokens;
  final int reused;
  int prefilled;
  double prefillMillis;
  double decodeMillis;
  double ttftMillis;
  double imageMillis;
  double decodeTokensPerSecond;
  long firstTokenNanos;

  GenerationClock(long start, int promptTokens, int reused) {
    this.start = start;
    this.promptTokens = promptTokens;
    this.reused = reused;
  }

  void prefillDone(long prefillStart, int tokens) {
    prefilled = tokens;
    prefillMillis = (System.nanoTime() - prefillStart) / 1e6;
  }

  void firstToken() {
    firstTokenNanos = System.nanoTime();
    ttftMillis = (firstTokenNanos - start) / 1e6;
  }

  void decodeDone(long decodeStart, int generated) {
    long end = System.nanoTime();
    decodeMillis = (end - decodeStart) / 1e6;
    // Tokens after the first, over the time after the first: the steady decode rate.
    if (generated > 1 && firstTokenNanos > 0) {
      decodeTokensPerSecond = (generated - 1) / ((end - firstTokenNanos) / 1e9);
    }
  }

  GenerationResult result(
      List<Integer> generated, TextAssembler text, FinishReason finish, ProviderChoice provider) {
    GenerationStats stats =
        new GenerationStats(
            promptTokens,
            prefilled,
            reused,
            0,
            generated.size(),
            ttftMillis,
            prefillMillis > 0 ? prefilled / (prefillMillis / 1000) : 0,
            decodeTokensPerSecond,
            imageMillis,
            provider.used().id(),
            provider.fallbackReason());
    return new GenerationResult(generated, text.answer(), text.reasoning(), finish, stats);
  }
}
