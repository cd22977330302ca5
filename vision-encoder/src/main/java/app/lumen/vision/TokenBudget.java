package app.lumen.vision;

/**
 * How many image tokens a picture may become. Each token covers {@code factor²} pixels (32 × 32 for
 * Qwen3-VL), so a budget caps the resized area at {@code tokens × factor²}; more tokens show more
 * detail and cost more encode time and memory (attention grows with the square).
 *
 * <p>Immutable.
 *
 * @param tokens the most merged tokens one image may take, at least 1
 */
public record TokenBudget(int tokens) {
  /** Thumbnails and quick questions. */
  public static final TokenBudget LOW = new TokenBudget(64);

  /** The default on phones: 512 × 512 pixels. */
  public static final TokenBudget MEDIUM = new TokenBudget(256);

  /** Documents and small text: about 1 MP. */
  public static final TokenBudget HIGH = new TokenBudget(1024);

  /** Fine detail: about 4 MP; slow and memory-hungry on phones. */
  public static final TokenBudget MAX = new TokenBudget(4096);

  public TokenBudget {
    if (tokens < 1) {
      throw new IllegalArgumentException("a token budget must be at least 1, was " + tokens);
    }
  }

  /** The presets, smallest first. */
  public static TokenBudget[] presets() {
    return new TokenBudget[] {LOW, MEDIUM, HIGH, MAX};
  }

  /** The largest resized area this budget allows for a processor with {@code factor}. */
  public long maxPixels(int factor) {
    return (long) tokens * factor * factor;
  }
}
