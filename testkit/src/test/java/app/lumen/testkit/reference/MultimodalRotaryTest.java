package app.lumen.testkit.reference;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/**
 * The reference's frequency slots follow the layouts the Qwen papers' code defines, at the real
 * head_dim 128: Qwen3-VL [24,20,20] interleaved gives T at 0,3,…,57 and 60..63, H at 1,4,…,58, W at
 * 2,5,…,59; Qwen2-VL [16,24,24] gives T 0..15, H 16..39, W 40..63 (both halves alike).
 */
public class MultimodalRotaryTest {
  private static ReferenceConfig config(int[] section, boolean interleaved) {
    return new ReferenceConfig(
        interleaved ? "qwen3_vl" : "qwen2_vl",
        2048,
        1,
        16,
        8,
        128,
        10,
        1e-6,
        5_000_000.0,
        section,
        interleaved,
        interleaved,
        !interleaved,
        true,
        0);
  }

  @Test
  public void qwen3Interleaved_slotsReadTheDocumentedRows() {
    int[] expected = new int[64];
    for (int i = 0; i < 60; i++) {
      expected[i] = i % 3;
    }
    // 60..63 stay T (0)
    assertRows(config(new int[] {24, 20, 20}, true), expected);
  }

  @Test
  public void qwen2Sectioned_slotsReadTheDocumentedRows() {
    int[] expected = new int[64];
    for (int i = 0; i < 64; i++) {
      expected[i] = i < 16 ? 0 : i < 40 ? 1 : 2;
    }
    assertRows(config(new int[] {16, 24, 24}, false), expected);
  }

  /** With T, H, W positions 1, 1000, 1000000 each slot's angle reveals which row it read. */
  private static void assertRows(ReferenceConfig c, int[] expectedRow) {
    long[] rowPosition = {1, 1000, 1_000_000};
    double[][][] cosSin = new MultimodalRotary(c).cosSin(new long[][] {{1}, {1000}, {1_000_000}});
    for (int i = 0; i < 64; i++) {
      float invFreq = (float) (1.0 / Math.pow(5_000_000.0, (float) (2 * i) / 128));
      for (int half = 0; half < 2; half++) {
        int j = i + 64 * half;
        float angle = rowPosition[expectedRow[i]] * invFreq;
        assertEquals("slot " + j, Math.cos(angle), cosSin[0][0][j], 1e-12);
        assertEquals("slot " + j, Math.sin(angle), cosSin[1][0][j], 1e-12);
      }
    }
  }
}
