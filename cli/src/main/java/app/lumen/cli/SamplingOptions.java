package app.lumen.cli;

import app.lumen.inference.SamplingParams;
import picocli.CommandLine.Option;

/**
 * Sampling flags shared by {@code generate} and {@code chat}; unset flags keep the model's
 * defaults.
 */
final class SamplingOptions {
  @Option(names = "--temperature", paramLabel = "T", description = "0 for greedy.")
  Float temperature;

  @Option(names = "--top-k", paramLabel = "K", description = "Keep the K likeliest tokens; 0: all.")
  Integer topK;

  @Option(names = "--top-p", paramLabel = "P", description = "Keep tokens until mass P; 1: all.")
  Float topP;

  @Option(names = "--min-p", paramLabel = "P", description = "Drop tokens below P x the best.")
  Float minP;

  @Option(names = "--repetition-penalty", paramLabel = "R", description = "1: none.")
  Float repetitionPenalty;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (same seed, same tokens).")
  Long seed;

  /** The model's defaults with the given flags applied. */
  SamplingParams apply(SamplingParams defaults) {
    SamplingParams.Builder builder = defaults.toBuilder();
    if (temperature != null) {
      builder.temperature(temperature);
    }
    if (topK != null) {
      builder.topK(topK);
    }
    if (topP != null) {
      builder.topP(topP);
    }
    if (minP != null) {
      builder.minP(minP);
    }
    if (repetitionPenalty != null) {
      builder.repetitionPenalty(repetitionPenalty);
    }
    if (seed != null) {
      builder.seed(seed);
    }
    return builder.build();
  }
}
