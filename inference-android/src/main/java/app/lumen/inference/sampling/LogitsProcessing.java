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
   * Tokens whose scaled logit is this far below the best contribute less than e^-40 each (under
   * 1e-12 of the mass over a 150k vocabulary); skipping their exp saves most of the work.
   */
  private static final double NEGLIGIBLE = -40;

  /** Relative weights tried, largest first, to find a small set holding the top-p nucleus. */
  private static final double[] NUCLEUS_THRESHOLDS = {1e-2, 1e-4, 1e-6, 1e-9, 0};

  /**
   * The distribution to draw from after temperature, top-k, top-p and min-p.
   *
   * <p>Without top-k, a full sort of a 150k vocabulary would cost tens of milliseconds per token;
   * instead the nucleus is searched among tokens above a weight threshold, which is exact because
   * every token outside that set is less likely than every token in it.
   *
   * @param temperature &gt; 0
   * @param topK 0 disables
   * @param topP 1 disables
   * @param minP 0 disables
   * @return the surviving tokens with probabilities summing to 1; most likely first whenever a
   *     filter applies, in vocabulary order when none does
   */
  public static Distribution distribution(
      float[] logits, float temperature, int topK, float topP, float minP) {
    if (!(temperature > 0f)) {
      throw new IllegalArgumentException("temperature must be > 0, was " + temperature);
    }
    int[] order;
    double[] probs;
    if (topK > 0 && topK < logits.length) {
      order = topK(logits, topK);
      probs = softmax(logits, order, temperature);
    } else {
      float maxLogit = logits[argmax(logits)];
      double[] weights = new double[logits.length];
      double total = 0;
      for (int i = 0; i < logits.length; i++) {
        double z = (logits[i] - (double) maxLogit) / temperature;
        if (z > NEGLIGIBLE) {
          weights[i] = Math.exp(z);
          total += weights[i];
        }
      }
      if (topP >= 1f && minP <= 0f) {
        return unfiltered(weights);
      }
      order = candidates(weights, total, topP, minP, logits);
      probs = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        probs[i] = weights[order[i]] / total;
      }
    }
    int n = order.length;
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

  /** Softmax at {@code temperature} over the tokens in {@code order} (most likely first). */
  private static double[] softmax(float[] logits, int[] order, float temperature) {
    double max = logits[order[0]] / (double) temperature;
    double[] probs = new double[order.length];
    double sum = 0;
    for (int i = 0; i < order.length; i++) {
      probs[i] = Math.exp(logits[order[i]] / (double) temperature - max);
      sum += probs[i];
    }
    for (int i = 0; i < order.length; i++) {
      probs[i] /= sum;
    }
    return probs;
  }

  /**
   * The most likely tokens, sorted, guaranteed to contain the top-p nucleus and the min-p set.
   * Weights are relative to the best token's (which is 1).
   */
  private static int[] candidates(
      double[] weights, double total, float topP, float minP, float[] logits) {
    double needed = topP < 1f ? topP * total : 0;
    for (double threshold : NUCLEUS_THRESHOLDS) {
      if (topP >= 1f) {
        threshold = minP; // min-p alone keeps exactly the tokens with weight >= minP
      }
      int count = 0;
      double mass = 0;
      for (double w : weights) {
        if (w > 0 && w >= threshold) {
          count++;
          mass += w;
        }
      }
      if (mass >= needed || threshold == 0 || topP >= 1f) {
        int[] subset = new int[count];
        int at = 0;
        for (int i = 0; i < weights.length; i++) {
          if (weights[i] > 0 && weights[i] >= threshold) {
            subset[at++] = i;
          }
        }
        return sortedDescending(logits, subset);
      }
    }
    throw new IllegalStateException("unreachable: the last threshold accepts every token");
  }

  private static Distribution unfiltered(double[] weights) {
    int count = 0;
    for (double w : weights) {
      if (w > 0) {
        count++;
      }
    }
    int[] ids = new int[count];
    double[] kept = new double[count];
    int at = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        ids[at] = i;
        kept[at++] = weights[i];
      }
    }
    return Distribution.normalised(ids, kept);
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
    int[] all = new int[logits.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return sortedDescending(logits, all);
  }

  /** {@code indices} (ascending) ordered by logit, largest first; ties keep the lower index. */
  static int[] sortedDescending(float[] logits, int[] indices) {
    // Pack (descending-sortable logit bits, index) into longs: one primitive sort, no boxing.
    long[] keys = new long[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      int bits = Float.floatToIntBits(logits[i]);
      int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff; // orders like the float values
      keys[k] = ((long) ~ascending << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[indices.length];
    for (int k = 0; k < keys.length; k++) {
      order[k] = (int) (keys[k] & 0xffffffffL);
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
