package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Bit patterns from the IEEE 754 binary16 table (Wikipedia "Half-precision" examples). */
public class Float16Test {
  @Test
  public void knownValues_roundTrip() {
    assertEquals((short) 0x3c00, Float16.fromFloat(1f));
    assertEquals((short) 0xc000, Float16.fromFloat(-2f));
    assertEquals((short) 0x7bff, Float16.fromFloat(65504f));
    assertEquals((short) 0x0001, Float16.fromFloat(5.9604645e-8f));
    assertEquals((short) 0x3555, Float16.fromFloat(1f / 3));
    assertEquals((short) 0x7c00, Float16.fromFloat(1e6f));
    assertEquals(1f, Float16.toFloat((short) 0x3c00), 0f);
    assertEquals(0.333251953125f, Float16.toFloat((short) 0x3555), 0f);
    assertEquals(5.9604645e-8f, Float16.toFloat((short) 0x0001), 0f);
    assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00), 0f);
  }

  @Test
  public void halfwayCases_roundToEven() {
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: rounds to the even 1.
    assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f));
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: rounds to the even 1 + 2^-9.
    assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f));
  }
}
