package app.lumen.inference.sampling;

/**
 * A discrete distribution over token ids, most likely first. Immutable by convention: the arrays
 * are owned by this object.
 */
public final class Distribution {
  private final int[] tokenIds;
  private final double[] probabilities;

  private Distribution(int[] tokenIds, double[] probabilities) {
    this.tokenIds = tokenIds;
    this.probabilities = probabilities;
  }

  static Distribution normalised(int[] tokenIds, double[] weights) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double[] probabilities = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      probabilities[i] = weights[i] / sum;
    }
    return new Distribution(tokenIds, probabilities);
  }

  public int size() {
    return tokenIds.length;
  }

  public int tokenId(int rank) {
    return tokenIds[rank];
  }

  public double probability(int rank) {
    return probabilities[rank];
  }

  /** The probability of {@code tokenId}, 0 when it was filtered out. */
  public double probabilityOf(int tokenId) {
    for (int i = 0; i < tokenIds.length; i++) {
      if (tokenIds[i] == tokenId) {
        return probabilities[i];
      }
    }
    return 0;
  }

  /**
   * The token at which the cumulative probability first exceeds {@code uniform}.
   *
   * @param uniform a number in [0, 1)
   */
  public int draw(double uniform) {
    double cumulative = 0;
    for (int i = 0; i < tokenIds.length; i++) {
      cumulative += probabilities[i];
      if (uniform < cumulative) {
        return tokenIds[i];
      }
    }
    // Rounding left the total a hair under 1.
    return tokenIds[tokenIds.length - 1];
  }
}
