package app.lumen.testkit.onnx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class HalfTest {
  @Test
  public void everyFiniteHalf_survivesWideningAndNarrowing() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = Half.toFloat(h);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(f))));
      } else {
        assertEquals(Integer.toHexString(bits), h, Half.fromFloat(f));
      }
    }
  }

  @Test
  public void midpoints_roundToEven_andOverflowGoesToInfinity() {
    float ulpAtOne = 0x1p-10f;
    // Halfway between 1 and 1+ulp: the even neighbour (1) wins; halfway above 1+ulp rounds up.
    assertEquals(1f, Half.toFloat(Half.fromFloat(1f + ulpAtOne / 2)), 0f);
    assertEquals(1f + 2 * ulpAtOne, Half.toFloat(Half.fromFloat(1f + 1.5f * ulpAtOne)), 0f);
    assertEquals(65504f, Half.toFloat(Half.fromFloat(65519f)), 0f);
    assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(65520f)), 0f);
    // The smallest subnormal is 2^-24; half of it rounds to (even) zero.
    assertEquals(0x1p-24f, Half.toFloat(Half.fromFloat(0x1p-24f)), 0f);
    assertEquals(0f, Half.toFloat(Half.fromFloat(0x1p-25f)), 0f);
    assertEquals(-2f, Half.toFloat(Half.fromFloat(-2f)), 0f);
  }
}
