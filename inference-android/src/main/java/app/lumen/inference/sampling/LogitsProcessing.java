package app.lumen.inference.sampling;

import java.util.Arrays;

/**
 * Pure functions from logits to a sampling distribution, with Hugging Face transformers' semantics
 * and order: repetition penalty, temperature, top-k, top-p, min-p.
 *
 * <p>Thread-safe (stateless). Inputs are not modified unless the method says so.
 */
public final class LogitsProcessing {
  private LogitsProcessing() {}

  /**
   * Applies the repetition penalty in place: for every distinct token in {@code seen}, a positive
   * logit is divided by {@code penalty} and a negative one multiplied (HF {@code
   * RepetitionPenaltyLogitsProcessor}).
   *
   * @param seen flags per vocabulary id; ids beyond the array are not seen
   */
  public static void applyRepetitionPenalty(float[] logits, boolean[] seen, float penalty) {
    if (penalty == 1f) {
      return;
    }
    int n = Math.min(logits.length, seen.length);
    for (int id = 0; id < n; id++) {
      if (seen[id]) {
        float logit = logits[id];
        logits[id] = logit < 0 ? logit * penalty : logit / penalty;
      }
    }
  }

  /** The index of the largest logit; the lowest index among equal maxima (like torch.argmax). */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The distribution to draw from after temperature, top-k, top-p and min-p.
   *
   * @param temperature &gt; 0
   * @param topK 0 disables
   * @param topP 1 disables
   * @param minP 0 disables
   * @return the surviving tokens, most likely first, with probabilities summing to 1
   */
  public static Distribution distribution(
      float[] logits, float temperature, int topK, float topP, float minP) {
    if (!(temperature > 0f)) {
      throw new IllegalArgumentException("temperature must be > 0, was " + temperature);
    }
    int[] order = topK > 0 && topK < logits.length ? topK(logits, topK) : sortedDescending(logits);
    int n = order.length;
    double max = logits[order[0]] / (double) temperature;
    double[] probs = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      probs[i] = Math.exp(logits[order[i]] / (double) temperature - max);
      sum += probs[i];
    }
    for (int i = 0; i < n; i++) {
      probs[i] /= sum;
    }
    int keep = n;
    if (topP < 1f) {
      // HF removes tokens whose ascending cumulative probability is <= 1 - top_p. Seen from the
      // most likely token down, a token survives while the mass ranked above it is < top_p, so
      // the first token whose running total reaches top_p is the last one kept.
      double cumulative = 0;
      for (int i = 0; i < n; i++) {
        cumulative += probs[i];
        if (cumulative >= topP) {
          keep = i + 1;
          break;
        }
      }
    }
    if (minP > 0f) {
      double threshold = probs[0] * minP;
      int k = 1;
      while (k < keep && probs[k] >= threshold) {
        k++;
      }
      keep = k;
    }
    return Distribution.normalised(Arrays.copyOf(order, keep), Arrays.copyOf(probs, keep));
  }

  /** Indices of the k largest logits, largest first; ties keep the lower index first. */
  static int[] topK(float[] logits, int k) {
    // A bounded min-heap of candidates: O(V log k) with V ≈ 150k and k ≈ 20.
    int[] heap = new int[k];
    int size = 0;
    for (int i = 0; i < logits.length; i++) {
      if (size < k) {
        heap[size] = i;
        siftUp(heap, size++, logits);
      } else if (worse(heap[0], i, logits)) {
        heap[0] = i;
        siftDown(heap, size, logits);
      }
    }
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = heap[i];
    }
    Arrays.sort(boxed, (a, b) -> worse(a, b, logits) ? 1 : worse(b, a, logits) ? -1 : 0);
    int[] result = new int[size];
    for (int i = 0; i < size; i++) {
      result[i] = boxed[i];
    }
    return result;
  }

  /** Every index, largest logit first; ties keep the lower index first. */
  static int[] sortedDescending(float[] logits) {
    // Pack (descending-sortable logit bits, index) into longs: one primitive sort, no boxing.
    long[] keys = new long[logits.length];
    for (int i = 0; i < logits.length; i++) {
      int bits = Float.floatToIntBits(logits[i]);
      int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff; // orders like the float values
      keys[i] = ((long) ~ascending << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[logits.length];
    for (int i = 0; i < keys.length; i++) {
      order[i] = (int) (keys[i] & 0xffffffffL);
    }
    return order;
  }

  /** Whether token {@code a} ranks below token {@code b}. */
  private static boolean worse(int a, int b, float[] logits) {
    return logits[a] < logits[b] || (logits[a] == logits[b] && a > b);
  }

  private static void siftUp(int[] heap, int i, float[] logits) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!worse(heap[i], heap[parent], logits)) {
        return;
      }
      swap(heap, i, parent);
      i = parent;
    }
  }

  private static void siftDown(int[] heap, int size, float[] logits) {
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      int right = left + 1;
      int smallest = i;
      if (left < size && worse(heap[left], heap[smallest], logits)) {
        smallest = left;
      }
      if (right < size && worse(heap[right], heap[smallest], logits)) {
        smallest = right;
      }
      if (smallest == i) {
        return;
      }
      swap(heap, i, smallest);
      i = smallest;
    }
  }

  private static void swap(int[] heap, int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }
}
