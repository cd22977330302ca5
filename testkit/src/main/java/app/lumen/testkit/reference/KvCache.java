package app.lumen.testkit.reference;

/**
 * Keys and values of every layer for one sequence: {@code keys[layer][kvHead][position][dim]}.
 * Immutable by convention: a forward pass returns a new cache.
 */
public record KvCache(double[][][][] keys, double[][][][] values) {
  public static KvCache empty(int layers, int kvHeads) {
    return new KvCache(new double[layers][kvHeads][0][], new double[layers][kvHeads][0][]);
  }

  public int length() {
    return keys.length == 0 ? 0 : keys[0][0].length;
  }
}
