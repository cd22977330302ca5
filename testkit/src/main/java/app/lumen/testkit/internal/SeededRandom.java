package app.lumen.testkit.internal;

/**
 * SplitMix64: a tiny generator whose output is fully specified by its seed, so generated weights
 * are the same on every JVM (java.util's generators make no such promise for their derived
 * methods).
 */
public final class SeededRandom {
  private long state;

  public SeededRandom(long seed) {
    this.state = seed;
  }

  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 24 random bits: exactly representable as a float. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1p-24f;
  }

  /** Uniform in [-limit, limit). */
  public float uniform(float limit) {
    return (2f * nextFloat() - 1f) * limit;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) % bound);
  }
}
