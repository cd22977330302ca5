package app.lumen.inference.sampling;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

/**
 * Expected values are worked out by hand in the comments (ln values chosen so the probabilities are
 * simple fractions).
 */
public class LogitsProcessingTest {
  private static final double EPS = 1e-6;
  // exp of these is 4 : 3 : 2 : 1, so softmax = 0.4, 0.3, 0.2, 0.1.
  private static final float[] FOUR_THREE_TWO_ONE = {
    (float) Math.log(2), (float) Math.log(4), (float) Math.log(1), (float) Math.log(3)
  };

  @Test
  public void repetitionPenalty_dividesPositiveAndMultipliesNegativeSeenLogits() {
    float[] logits = {2f, -2f, 3f, -1f};
    boolean[] seen = {true, true, false, false};
    LogitsProcessing.applyRepetitionPenalty(logits, seen, 2f);
    assertArrayEquals(new float[] {1f, -4f, 3f, -1f}, logits, 0f);
  }

  @Test
  public void repetitionPenalty_ofOne_changesNothing() {
    float[] logits = {2f, -2f};
    LogitsProcessing.applyRepetitionPenalty(logits, new boolean[] {true, true}, 1f);
    assertArrayEquals(new float[] {2f, -2f}, logits, 0f);
  }

  @Test
  public void argmax_prefersLowestIndexAmongTies() {
    assertEquals(1, LogitsProcessing.argmax(new float[] {0f, 5f, 5f, -1f}));
  }

  @Test
  public void distribution_withoutFilters_isTheSoftmaxInVocabularyOrder() {
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 1f, 0f);
    assertEquals(4, d.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(i, d.tokenId(i));
    }
    assertEquals(0.2, d.probability(0), EPS);
    assertEquals(0.4, d.probability(1), EPS);
    assertEquals(0.1, d.probability(2), EPS);
    assertEquals(0.3, d.probability(3), EPS);
  }

  @Test
  public void filteredDistribution_isMostLikelyFirst() {
    // top-p 0.99 needs all four (0.9 < 0.99), sorted.
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 0.99f, 0f);
    assertEquals(List.of(1, 3, 0, 2), ids(d));
    assertEquals(0.4, d.probability(0), EPS);
    assertEquals(0.1, d.probability(3), EPS);
  }

  @Test
  public void topPAndMinP_onALargeVocabulary_matchABruteForceFullSort() {
    float[] logits = new float[50_000];
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * 4);
    }
    for (float topP : new float[] {0.5f, 0.9f, 0.999f}) {
      assertEquals(
          bruteForce(logits, 0.8f, topP, 0f),
          ids(LogitsProcessing.distribution(logits, 0.8f, 0, topP, 0f)));
    }
    assertEquals(
        bruteForce(logits, 0.8f, 1f, 0.05f),
        ids(LogitsProcessing.distribution(logits, 0.8f, 0, 1f, 0.05f)));
    assertEquals(
        bruteForce(logits, 1.2f, 0.9f, 0.1f),
        ids(LogitsProcessing.distribution(logits, 1.2f, 0, 0.9f, 0.1f)));
  }

  /** Every token sorted by probability, then HF's top-p and min-p cuts, written plainly. */
  private static List<Integer> bruteForce(float[] logits, float t, float topP, float minP) {
    double[] p = new double[logits.length];
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l / (double) t);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] / (double) t - max);
      sum += p[i];
    }
    List<Integer> order = new java.util.ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
      order.add(i);
    }
    order.sort((a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    List<Integer> kept = new java.util.ArrayList<>();
    double before = 0;
    for (int id : order) {
      if (before >= topP) {
        break;
      }
      kept.add(id);
      before += p[id];
    }
    double threshold = p[kept.get(0)] * minP;
    kept.removeIf(id -> p[id] < threshold);
    return kept;
  }

  private static List<Integer> ids(Distribution d) {
    List<Integer> ids = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      ids.add(d.tokenId(i));
    }
    return ids;
  }

  @Test
  public void temperature_half_squaresTheOdds() {
    // exp(2·ln w) = w²: 16 : 9 : 4 : 1 over 30.
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 0.5f, 0, 1f, 0f);
    assertEquals(16.0 / 30, d.probabilityOf(1), 1e-6);
    assertEquals(9.0 / 30, d.probabilityOf(3), 1e-6);
    assertEquals(4.0 / 30, d.probabilityOf(0), 1e-6);
    assertEquals(1.0 / 30, d.probabilityOf(2), 1e-6);
  }

  @Test
  public void topK_two_keepsTheTwoBestRenormalised() {
    // 4 : 3 of 7.
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 2, 1f, 0f);
    assertEquals(2, d.size());
    assertEquals(4.0 / 7, d.probabilityOf(1), 1e-6);
    assertEquals(3.0 / 7, d.probabilityOf(3), 1e-6);
    assertEquals(0, d.probabilityOf(0), 0);
  }

  @Test
  public void topP_keepsTokensUntilTheMassReachesP() {
    // 0.4 < 0.6, 0.4 + 0.3 = 0.7 >= 0.6: keep the first two, 4/7 and 3/7.
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 0.6f, 0f);
    assertEquals(2, d.size());
    assertEquals(4.0 / 7, d.probabilityOf(1), 1e-6);
    // 0.4 >= 0.3: only the top token survives.
    assertEquals(1, LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 0.3f, 0f).size());
    // 0.9 < 0.95: all four needed.
    assertEquals(4, LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 0.95f, 0f).size());
  }

  @Test
  public void minP_dropsTokensBelowAFractionOfTheBest() {
    // threshold 0.6 · 0.4 = 0.24: keeps 0.4 and 0.3 -> 4/7, 3/7.
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 1f, 0.6f);
    assertEquals(2, d.size());
    assertEquals(3.0 / 7, d.probabilityOf(3), 1e-6);
    // threshold 0.45 · 0.4 = 0.18 keeps 0.2 as well, not 0.1.
    assertEquals(3, LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 1f, 0.45f).size());
  }

  @Test
  public void filters_combineInHuggingFaceOrder() {
    // top-k 3 -> 4:3:2 of 9; top-p 0.5: 4/9 = 0.44 < 0.5, 7/9 >= 0.5 -> 4:3;
    // min-p 0.8: threshold 0.8 · 4/7 = 0.457 > 3/7 -> only token 1.
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 3, 0.5f, 0.8f);
    assertEquals(1, d.size());
    assertEquals(1, d.tokenId(0));
    assertEquals(1.0, d.probability(0), EPS);
  }

  @Test
  public void draw_walksTheCumulativeDistribution() {
    Distribution d = LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 1f, 0, 0.99f, 0f);
    assertEquals(1, d.draw(0.0));
    assertEquals(1, d.draw(0.399));
    assertEquals(3, d.draw(0.401));
    assertEquals(0, d.draw(0.75));
    assertEquals(2, d.draw(0.95));
    assertEquals(2, d.draw(0.9999999999999999));
  }

  @Test
  public void topK_onALargeVocabulary_matchesAFullSort() {
    float[] logits = new float[5000];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
    }
    logits[10] = logits[20]; // a tie: the lower index ranks first
    int[] sorted = LogitsProcessing.sortedDescending(logits);
    int[] top = LogitsProcessing.topK(logits, 50);
    assertArrayEquals(java.util.Arrays.copyOf(sorted, 50), top);
    for (int i = 1; i < sorted.length; i++) {
      float a = logits[sorted[i - 1]];
      float b = logits[sorted[i]];
      assertEquals(true, a > b || (a == b && sorted[i - 1] < sorted[i]));
    }
  }

  @Test
  public void sortedDescending_ordersNegativeAndPositiveValues() {
    float[] logits = {-3f, 2f, -0.5f, 0f, 7f, Float.NEGATIVE_INFINITY};
    assertArrayEquals(new int[] {4, 1, 3, 2, 0, 5}, LogitsProcessing.sortedDescending(logits));
  }

  @Test
  public void distribution_rejectsZeroTemperature() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LogitsProcessing.distribution(FOUR_THREE_TWO_ONE, 0f, 0, 1f, 0f));
  }
}
