package app.lumen.testkit.internal;

import static org.junit.Assert.assertArrayEquals;

import org.junit.Test;

/** The graph builder's slot map, against the layouts spelled out for the real head_dim 128. */
public class MropeLayoutTest {
  @Test
  public void qwen3Interleaved_24_20_20() {
    int[] expected = new int[64];
    for (int i = 0; i < 60; i++) {
      expected[i] = i % 3; // T H W T H W …; slots 60..63 stay T
    }
    assertArrayEquals(expected, MropeLayout.rowOfSlot(new int[] {24, 20, 20}, true));
  }

  @Test
  public void qwen2Sectioned_16_24_24() {
    int[] expected = new int[64];
    for (int i = 0; i < 64; i++) {
      expected[i] = i < 16 ? 0 : i < 40 ? 1 : 2;
    }
    assertArrayEquals(expected, MropeLayout.rowOfSlot(new int[] {16, 24, 24}, false));
  }

  @Test
  public void tinyQwen3_4_2_2_keepsTheTailOnT() {
    assertArrayEquals(
        new int[] {0, 1, 2, 0, 1, 2, 0, 0}, MropeLayout.rowOfSlot(new int[] {4, 2, 2}, true));
  }
}
