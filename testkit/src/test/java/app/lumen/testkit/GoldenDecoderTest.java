package app.lumen.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.reference.KvCache;
import app.lumen.testkit.reference.ReferenceConfig;
import app.lumen.testkit.reference.ReferenceQwenVl;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The generated decoder graph, run by ONNX Runtime, gives the same logits and KV cache as the
 * independent Java reference reading the same package files: a 10-token prefill with an image-like
 * M-RoPE block (and DeepStack features for Qwen3-VL), then 5 decode steps reusing the cache.
 */
public class GoldenDecoderTest {
  private static final double TOLERANCE = 1e-4;
  private static final int PREFILL = 10;
  private static final int DECODE_STEPS = 5;

  /** Rows 4..7 play a 2×2 merged image grid: T fixed, H and W walk the grid (get_rope_index). */
  private static final int IMAGE_START = 4;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void qwen3vl_imagePrefillWithDeepstack_thenDecode_matchesReference() throws Exception {
    assertGolden(ModelFamily.QWEN3_VL, 7, true, true);
  }

  @Test
  public void qwen3vl_textOnlyWithZeroDeepstack_thenDecode_matchesReference() throws Exception {
    assertGolden(ModelFamily.QWEN3_VL, 11, false, false);
  }

  @Test
  public void qwen2vl_imagePrefill_thenDecode_matchesReference() throws Exception {
    assertGolden(ModelFamily.QWEN2_VL, 7, true, false);
  }

  @Test
  public void qwen2_5vl_imagePrefill_thenDecode_matchesReference() throws Exception {
    assertGolden(ModelFamily.QWEN2_5_VL, 3, true, false);
  }

  @Test
  public void qwen3vlWithoutDeepstackInput_matchesReferenceWithoutFeatures() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 13, ModelFamily.QWEN3_VL, false);
    ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
    try (OrtDecoder ort = open(dir, ref.config())) {
      assertTrue(!ort.decoder.getInputNames().contains("deepstack_embeds"));
      long[] ids = ids(new SplittableRandom(13), ref.config().vocabSize());
      OrtDecoder.Step step =
          ort.run(
              ort.embed(new long[][] {ids}),
              mask(1, PREFILL),
              b(new long[][][] {imagePositions()}),
              null,
              ort.emptyCache(1));
      ReferenceQwenVl.Output out =
          ref.forward(ref.embed(ids), imagePositions(), null, empty(ref.config()), null);
      for (int s = 0; s < PREFILL; s++) {
        assertClose("position " + s, out.logits()[s], step.logits()[0][s]);
      }
    }
  }

  @Test
  public void deepstackFeatures_changeTheLogitsOfLaterRows() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 5, ModelFamily.QWEN3_VL);
    ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
    try (OrtDecoder ort = open(dir, ref.config())) {
      long[] ids = ids(new SplittableRandom(1), ref.config().vocabSize());
      float[][][] embeds = ort.embed(new long[][] {ids});
      long[][][] positions = {imagePositions()};
      float[][][][] none = deepstack(ref.config(), null, false);
      float[][][][] some = deepstack(ref.config(), new SplittableRandom(2), true);
      float[][] without =
          ort.run(embeds, mask(1, PREFILL), b(positions), none, ort.emptyCache(1)).logits()[0];
      float[][] with =
          ort.run(embeds, mask(1, PREFILL), b(positions), some, ort.emptyCache(1)).logits()[0];
      // Rows before the image are untouched (causal); image rows and later ones move.
      assertArrayEquals(without[IMAGE_START - 1], with[IMAGE_START - 1], 0f);
      assertTrue(maxDiff(without[PREFILL - 1], with[PREFILL - 1]) > 1e-2);
    }
  }

  @Test
  public void imagePositions_differFromTextPositions_inTheLogits() throws Exception {
    for (ModelFamily family : GeneratedFamilies.SUPPORTED) {
      Path dir = tmp.newFolder().toPath();
      TinyPackageGenerator.generate(dir, 5, family);
      ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
      try (OrtDecoder ort = open(dir, ref.config())) {
        long[] ids = ids(new SplittableRandom(1), ref.config().vocabSize());
        float[][][] embeds = ort.embed(new long[][] {ids});
        float[][][][] ds = deepstack(ref.config(), null, false);
        float[][] image =
            ort.run(
                    embeds,
                    mask(1, PREFILL),
                    b(new long[][][] {imagePositions()}),
                    ds,
                    ort.emptyCache(1))
                .logits()[0];
        float[][] text =
            ort.run(
                    embeds,
                    mask(1, PREFILL),
                    b(new long[][][] {textPositions(0, PREFILL)}),
                    ds,
                    ort.emptyCache(1))
                .logits()[0];
        assertTrue(
            family + " ignores position_ids",
            maxDiff(image[IMAGE_START + 1], text[IMAGE_START + 1]) > 1e-3);
      }
    }
  }

  @Test
  public void batchOfTwoWithLeftPadding_matchesReferencePerRow() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 9, ModelFamily.QWEN3_VL);
    ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
    ReferenceConfig c = ref.config();
    int pad = 3;
    SplittableRandom rng = new SplittableRandom(4);
    long[][] ids = {ids(rng, c.vocabSize()), ids(rng, c.vocabSize())};
    long[][] mask = mask(2, PREFILL);
    for (int i = 0; i < pad; i++) {
      mask[0][i] = 0;
      ids[0][i] = 0;
    }
    // Padded row: positions count only real tokens (transformers: cumsum of the mask − 1, 1 at
    // pads).
    long[][] pos0 = textPositions(0, PREFILL);
    for (int r = 0; r < 3; r++) {
      for (int s = 0; s < PREFILL; s++) {
        pos0[r][s] = s < pad ? 1 : s - pad;
      }
    }
    long[][] pos1 = imagePositions();
    try (OrtDecoder ort = open(dir, c)) {
      float[][][] embeds = ort.embed(ids);
      float[][][][] ds = deepstack(c, null, false);
      float[][][][] ds2 = new float[ds.length][][][];
      for (int k = 0; k < ds.length; k++) {
        ds2[k] = new float[][][] {ds[k][0], ds[k][0]};
      }
      OrtDecoder.Step step =
          ort.run(
              embeds,
              mask,
              new long[][][] {{pos0[0], pos1[0]}, {pos0[1], pos1[1]}, {pos0[2], pos1[2]}},
              ds2,
              ort.emptyCache(2));
      ReferenceQwenVl.Output r0 = ref.forward(ref.embed(ids[0]), pos0, null, empty(c), mask[0]);
      ReferenceQwenVl.Output r1 = ref.forward(ref.embed(ids[1]), pos1, null, empty(c), mask[1]);
      for (int s = pad; s < PREFILL; s++) {
        assertClose("padded row, position " + s, r0.logits()[s], step.logits()[0][s]);
      }
      for (int s = 0; s < PREFILL; s++) {
        assertClose("full row, position " + s, r1.logits()[s], step.logits()[1][s]);
      }
    }
  }

  @Test
  public void referenceGreedy_equalsGreedyDecodingThroughOrt() throws Exception {
    for (ModelFamily family : GeneratedFamilies.SUPPORTED) {
      Path dir = tmp.newFolder().toPath();
      TinyPackageGenerator.generate(dir, 21, family);
      ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
      ReferenceConfig c = ref.config();
      long[] prompt = ids(new SplittableRandom(8), c.vocabSize());
      long[] expected = ref.greedy(ref.embed(prompt), imagePositions(), null, 8);

      try (OrtDecoder ort = open(dir, c)) {
        long[] actual = new long[expected.length];
        float[][][][] ds = deepstack(c, null, false);
        OrtDecoder.Step step =
            ort.run(
                ort.embed(new long[][] {prompt}),
                mask(1, PREFILL),
                b(new long[][][] {imagePositions()}),
                ds,
                ort.emptyCache(1));
        long next = IMAGE_START + 2 + (PREFILL - IMAGE_START - 4); // max position + 1
        for (int i = 0; i < actual.length; i++) {
          float[] last = step.logits()[0][step.logits()[0].length - 1];
          int best = 0;
          for (int v = 1; v < last.length; v++) {
            if (last[v] > last[best]) {
              best = v;
            }
          }
          actual[i] = best;
          float[][][][] zeros = ds == null ? null : new float[ds.length][1][1][c.hiddenSize()];
          step =
              ort.run(
                  ort.embed(new long[][] {{best}}),
                  mask(1, PREFILL + i + 1),
                  b(new long[][][] {textPositions((int) next + i, 1)}),
                  zeros,
                  step.present());
        }
        assertArrayEquals(family.id(), expected, actual);
      }
    }
  }

  private void assertGolden(
      ModelFamily family, long seed, boolean imagePositions, boolean withDeepstack)
      throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, seed, family);
    ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
    ReferenceConfig c = ref.config();
    assertEquals(family.id(), c.modelType());
    SplittableRandom rng = new SplittableRandom(seed * 31 + 1);
    long[] ids = ids(rng, c.vocabSize());
    long[][] positions = imagePositions ? imagePositions() : textPositions(0, PREFILL);
    int next = (int) positions[0][PREFILL - 1] + 1;

    try (OrtDecoder ort = open(dir, c)) {
      float[][][] ortEmbeds = ort.embed(new long[][] {ids});
      float[][] refEmbeds = ref.embed(ids);
      for (int s = 0; s < PREFILL; s++) {
        assertArrayEquals(refEmbeds[s], ortEmbeds[0][s], 0f);
      }
      float[][][][] ds = deepstack(c, rng, withDeepstack);
      float[][][] refDs = ds == null ? null : new float[ds.length][][];
      if (ds != null) {
        for (int k = 0; k < ds.length; k++) {
          refDs[k] = ds[k][0];
        }
      }
      OrtDecoder.Step step =
          ort.run(
              ortEmbeds, mask(1, PREFILL), b(new long[][][] {positions}), ds, ort.emptyCache(1));
      ReferenceQwenVl.Output out = ref.forward(refEmbeds, positions, refDs, empty(c), null);
      for (int s = 0; s < PREFILL; s++) {
        assertClose(family + " prefill position " + s, out.logits()[s], step.logits()[0][s]);
      }
      assertCacheClose(family + " prefill", out.present(), step.present(), c);

      long token = argmax(out.logits()[PREFILL - 1]);
      for (int i = 0; i < DECODE_STEPS; i++) {
        long[] one = {token};
        long[][] pos = textPositions(next + i, 1);
        int total = PREFILL + i + 1;
        float[][][][] zeros = deepstack(c, null, false);
        if (zeros != null) {
          for (int k = 0; k < zeros.length; k++) {
            zeros[k] = new float[][][] {{new float[c.hiddenSize()]}};
          }
        }
        step =
            ort.run(
                ort.embed(new long[][] {one}),
                mask(1, total),
                b(new long[][][] {pos}),
                zeros,
                step.present());
        out = ref.forward(ref.embed(one), pos, null, out.present(), null);
        assertClose(family + " decode step " + i, out.logits()[0], step.logits()[0][0]);
        assertCacheClose(family + " decode step " + i, out.present(), step.present(), c);
        token = argmax(out.logits()[0]);
      }
    }
  }

  private static OrtDecoder open(Path dir, ReferenceConfig c) throws Exception {
    return new OrtDecoder(dir, c);
  }

  private static KvCache empty(ReferenceConfig c) {
    return KvCache.empty(c.numLayers(), c.numKvHeads());
  }

  private static long[] ids(SplittableRandom rng, int vocab) {
    long[] ids = new long[PREFILL];
    for (int i = 0; i < PREFILL; i++) {
      ids[i] = rng.nextInt(vocab);
    }
    return ids;
  }

  /** Text 0..3, a 2×2 image at T=4 (H, W = 4..5), then text from max + 1 = 6 (get_rope_index). */
  static long[][] imagePositions() {
    long[][] p = new long[3][PREFILL];
    int[][] grid = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    for (int s = 0; s < PREFILL; s++) {
      if (s < IMAGE_START) {
        p[0][s] = p[1][s] = p[2][s] = s;
      } else if (s < IMAGE_START + 4) {
        int[] hw = grid[s - IMAGE_START];
        p[0][s] = IMAGE_START;
        p[1][s] = IMAGE_START + hw[0];
        p[2][s] = IMAGE_START + hw[1];
      } else {
        p[0][s] = p[1][s] = p[2][s] = IMAGE_START + 2 + (s - IMAGE_START - 4);
      }
    }
    return p;
  }

  static long[][] textPositions(int start, int length) {
    long[][] p = new long[3][length];
    for (int r = 0; r < 3; r++) {
      for (int s = 0; s < length; s++) {
        p[r][s] = start + s;
      }
    }
    return p;
  }

  /** {@code [3][S]} → {@code [3][1][S]} etc.: positions per batch row. */
  private static long[][][] b(long[][][] perRow) {
    long[][][] out = new long[3][perRow.length][];
    for (int i = 0; i < perRow.length; i++) {
      for (int r = 0; r < 3; r++) {
        out[r][i] = perRow[i][r];
      }
    }
    return out;
  }

  private static long[][] mask(int batch, int length) {
    long[][] m = new long[batch][length];
    for (long[] row : m) {
      java.util.Arrays.fill(row, 1);
    }
    return m;
  }

  /** {@code [K][1][S][H]}: random at the image rows when {@code filled}, zeros elsewhere. */
  private static float[][][][] deepstack(ReferenceConfig c, SplittableRandom rng, boolean filled) {
    if (c.deepstackCount() == 0) {
      return null;
    }
    float[][][][] d = new float[c.deepstackCount()][1][PREFILL][c.hiddenSize()];
    if (filled) {
      for (float[][][] level : d) {
        for (int s = IMAGE_START; s < IMAGE_START + 4; s++) {
          for (int i = 0; i < c.hiddenSize(); i++) {
            level[0][s][i] = (float) (rng.nextDouble() * 2 - 1);
          }
        }
      }
    }
    return d;
  }

  private static long argmax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static void assertClose(String what, double[] expected, float[] actual) {
    assertEquals(what + ": length", expected.length, actual.length);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    assertTrue(what + ": max |diff| " + worst + " at " + at, worst <= TOLERANCE);
  }

  private static void assertCacheClose(
      String what, KvCache ref, OrtDecoder.Cache ort, ReferenceConfig c) {
    int total = ref.length();
    assertEquals(what + ": cache length", total, ort.length());
    for (int l = 0; l < c.numLayers(); l++) {
      for (int h = 0; h < c.numKvHeads(); h++) {
        for (int t = 0; t < total; t++) {
          for (int d = 0; d < c.headDim(); d++) {
            int at = ((h * total) + t) * c.headDim() + d;
            assertEquals(
                what + " key " + l + "/" + h + "/" + t,
                ref.keys()[l][h][t][d],
                ort.keys()[l][at],
                TOLERANCE);
            assertEquals(
                what + " value " + l + "/" + h + "/" + t,
                ref.values()[l][h][t][d],
                ort.values()[l][at],
                TOLERANCE);
          }
        }
      }
    }
  }
}
