package app.lumen.inference.internal;

import app.lumen.testkit.reference.KvCache;
import app.lumen.testkit.reference.ReferenceConfig;
import app.lumen.testkit.reference.ReferenceQwenVl;
import java.util.List;

/**
 * Runs testkit's independent Java decoder from scratch on a whole token sequence (no cache), so
 * every engine logits row can be checked against a computation that shares nothing with the engine:
 * not its cache, positions, embedding splice or graph.
 */
final class ReferenceRunner {
  /** An image placed in the sequence: its grid and the rows it contributes. */
  record Image(int start, int h, int w, float[][] embeddings, float[][][] deepstack) {
    int tokens() {
      return h * w;
    }
  }

  private final ReferenceQwenVl reference;

  ReferenceRunner(ReferenceQwenVl reference) {
    this.reference = reference;
  }

  ReferenceConfig config() {
    return reference.config();
  }

  /** Logits of the last token of {@code ids}. */
  double[] lastLogits(int[] ids, List<Image> images) {
    int n = ids.length;
    long[] longIds = new long[n];
    for (int i = 0; i < n; i++) {
      longIds[i] = ids[i];
    }
    float[][] embeds = reference.embed(longIds);
    int hidden = reference.config().hiddenSize();
    int layers = reference.config().deepstackCount();
    float[][][] deepstack = layers > 0 ? new float[layers][n][hidden] : null;
    for (Image image : images) {
      for (int k = 0; k < image.tokens(); k++) {
        embeds[image.start() + k] = image.embeddings()[k].clone();
        for (int l = 0; deepstack != null && l < layers; l++) {
          deepstack[l][image.start() + k] = image.deepstack()[l][k].clone();
        }
      }
    }
    double[][] logits =
        reference
            .forward(
                embeds,
                positions(n, images),
                deepstack,
                KvCache.empty(reference.config().numLayers(), reference.config().numKvHeads()),
                null)
            .logits();
    return logits[n - 1];
  }

  /**
   * Qwen-VL rotary positions written out for the test: text tokens continue one past the largest
   * position so far on all three rows; an image of h×w tokens starting at text position p takes T =
   * p, H = p + row, W = p + column; text after it resumes at p + max(h, w).
   */
  static long[][] positions(int n, List<Image> images) {
    long[][] rows = new long[3][n];
    long next = 0;
    int i = 0;
    for (Image image : images) {
      while (i < image.start()) {
        rows[0][i] = rows[1][i] = rows[2][i] = next++;
        i++;
      }
      for (int r = 0; r < image.h(); r++) {
        for (int c = 0; c < image.w(); c++) {
          rows[0][i] = next;
          rows[1][i] = next + r;
          rows[2][i] = next + c;
          i++;
        }
      }
      next += Math.max(image.h(), image.w());
    }
    while (i < n) {
      rows[0][i] = rows[1][i] = rows[2][i] = next++;
      i++;
    }
    return rows;
  }
}
