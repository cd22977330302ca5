package app.lumen.testkit.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.function.Function;

/**
 * A seeded fuzz loop bounded by a number of iterations, never by a clock, so a slow machine runs
 * the same inputs as a fast one. Iteration {@code i}'s input depends only on the seed, the target's
 * name and {@code i}: a failure names all three, with the system properties that rerun just that
 * input, and writes the input under {@code target/fuzz-failures}.
 *
 * <p>System properties: {@value #ITERATIONS} (per target; each test gives its own small default),
 * {@value #SEED} (default {@value #DEFAULT_SEED}), {@value #ONLY} (run a single iteration).
 */
public final class FuzzRun {
  public static final String ITERATIONS = "lumen.fuzz.iterations";
  public static final String SEED = "lumen.fuzz.seed";
  public static final String ONLY = "lumen.fuzz.iteration";
  public static final long DEFAULT_SEED = 20261207L;

  /** Checks one input; throws for a finding (anything the target's contract does not allow). */
  public interface Check<T> {
    void run(T input) throws Exception;
  }

  private final String target;
  private final long seed;
  private final int from;
  private final int to;

  private FuzzRun(String target, long seed, int from, int to) {
    this.target = target;
    this.seed = seed;
    this.from = from;
    this.to = to;
  }

  /**
   * The run of {@code target}: {@code defaultIterations} unless {@value #ITERATIONS} says
   * otherwise.
   */
  public static FuzzRun of(String target, int defaultIterations) {
    long seed = Long.getLong(SEED, DEFAULT_SEED);
    Integer only = Integer.getInteger(ONLY);
    if (only != null) {
      return new FuzzRun(target, seed, only, only + 1);
    }
    return new FuzzRun(target, seed, 0, Integer.getInteger(ITERATIONS, defaultIterations));
  }

  /** How many iterations this run makes. */
  public int iterations() {
    return to - from;
  }

  /**
   * Runs {@code check} on each generated input. {@code inputs} draws an input from the iteration's
   * generator; {@code describe} writes it out for the failure message.
   *
   * @throws AssertionError for the first input whose check throws, naming how to rerun it
   */
  public <T> void forEach(
      Function<Random, T> inputs, Function<T, byte[]> describe, Check<T> check) {
    for (int i = from; i < to; i++) {
      T input = inputs.apply(new Random(iterationSeed(i)));
      try {
        check.run(input);
      } catch (Throwable t) {
        throw failure(i, describe.apply(input), t);
      }
    }
  }

  private long iterationSeed(int iteration) {
    return seed * 0x9E3779B97F4A7C15L + target.hashCode() * 31L + iteration;
  }

  private AssertionError failure(int iteration, byte[] input, Throwable cause) {
    String saved;
    try {
      Path dir = Files.createDirectories(Paths.get("target", "fuzz-failures"));
      Path file = dir.resolve(target + "-" + seed + "-" + iteration + ".bin");
      Files.write(file, input);
      saved = file.toAbsolutePath().toString();
    } catch (IOException e) {
      saved = "(not saved: " + e.getMessage() + ")";
    }
    AssertionError error =
        new AssertionError(
            target
                + ": iteration "
                + iteration
                + " of seed "
                + seed
                + " failed with "
                + cause
                + "\n  rerun: -D"
                + SEED
                + "="
                + seed
                + " -D"
                + ONLY
                + "="
                + iteration
                + "\n  input ("
                + input.length
                + " bytes, saved to "
                + saved
                + "): "
                + Mutations.preview(input),
            cause);
    return error;
  }
}
