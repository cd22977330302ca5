package app.lumen.testkit.internal;

/** Which position row (0 = T, 1 = H, 2 = W) drives each rotary frequency slot. */
public final class MropeLayout {
  private MropeLayout() {}

  /**
   * Qwen3-VL (interleaved): slot i is H when {@code i % 3 == 1 && i < 3·section[1]}, W when {@code
   * i % 3 == 2 && i < 3·section[2]}, otherwise T. Qwen2-VL (chunked): the first section[0] slots T,
   * the next section[1] H, the last section[2] W.
   */
  public static int[] rowOfSlot(int[] section, boolean interleaved) {
    int half = section[0] + section[1] + section[2];
    int[] rows = new int[half];
    for (int i = 0; i < half; i++) {
      if (interleaved) {
        if (i % 3 == 1 && i < 3 * section[1]) {
          rows[i] = 1;
        } else if (i % 3 == 2 && i < 3 * section[2]) {
          rows[i] = 2;
        }
      } else {
        rows[i] = i < section[0] ? 0 : i < section[0] + section[1] ? 1 : 2;
      }
    }
    return rows;
  }
}
