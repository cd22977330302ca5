package app.lumen.inference.sampling;

/**
 * A logits row held NaN or +∞, or no finite value at all: the model computed garbage (a float16
 * overflow on an accelerator, say), and choosing a token from it would hide that behind an
 * arbitrary answer. Thrown by {@link Sampler#next}; immutable.
 */
public final class NonFiniteLogitsException extends IllegalStateException {
  private final int step;

  /**
   * @param step the 1-based number of the token being chosen
   * @param detail what was found and where
   */
  public NonFiniteLogitsException(int step, String detail) {
    super("the model produced non-finite logits at step " + step + " (" + detail + ")");
    this.step = step;
  }

  /** The 1-based number of the token that was being chosen. */
  public int step() {
    return step;
  }
}
