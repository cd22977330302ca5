package app.lumen.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import app.lumen.inference.MemoryGate.DeviceMemory;
import app.lumen.inference.MemoryGate.Verdict;
import org.junit.Test;

public class MemoryGateTest {
  private static final long GB = 1_000_000_000L;

  /** 10 GB in all, 2 GB free: usable share 6 GB on a regular device. */
  private static final DeviceMemory PHONE = new DeviceMemory(2 * GB, 10 * GB, false);

  @Test
  public void peakUpToAvailable_fits() {
    assertEquals(Verdict.FITS, verdict(2 * GB, PHONE));
    assertEquals(Verdict.FITS, verdict(0, PHONE));
  }

  @Test
  public void peakJustAboveAvailable_isTight() {
    assertEquals(Verdict.TIGHT, verdict(2 * GB + 1, PHONE));
  }

  @Test
  public void peakUpToSixTenthsOfTotal_isTight_andAboveIsTooLarge() {
    assertEquals(Verdict.TIGHT, verdict(6 * GB, PHONE));
    assertEquals(Verdict.TOO_LARGE, verdict(6 * GB + 1, PHONE));
  }

  @Test
  public void lowRamDevice_allowsHalfOfTotal() {
    DeviceMemory regular = new DeviceMemory(GB / 2, 2 * GB, false);
    DeviceMemory lowRam = new DeviceMemory(GB / 2, 2 * GB, true);
    long needed = 1_100_000_000L; // between half (1.0 GB) and six tenths (1.2 GB) of 2 GB

    assertEquals(Verdict.TIGHT, verdict(needed, regular));
    assertEquals(Verdict.TOO_LARGE, verdict(needed, lowRam));
    assertEquals(Verdict.TIGHT, verdict(GB, lowRam));
  }

  @Test
  public void peakAboveUsableShareButWithinAvailable_fits() {
    DeviceMemory idle = new DeviceMemory(7 * GB, 8 * GB, false); // usable share 4.8 GB
    assertEquals(Verdict.FITS, verdict(5 * GB, idle));
  }

  @Test
  public void gate_weighsThePhotoPeak() {
    // text: 1000 + 2 x 4 x 10 + 5 = 1085 bytes; with a photo 1085 + 300 + 200 = 1585
    MemoryForecast forecast = new MemoryForecast("m", "M", 1000, 300, 200, 256, 10, 4, 5);
    DeviceMemory device = new DeviceMemory(1500, 10_000, false);

    MemoryGate.Decision decision = MemoryGate.check(forecast, device);

    assertEquals(1585, decision.neededBytes());
    assertEquals(Verdict.TIGHT, decision.verdict());
    assertEquals(Verdict.FITS, MemoryGate.check("M", 1085, device).verdict());
  }

  @Test
  public void tightMessage_statesNeedAndFreeMemory() {
    MemoryGate.Decision decision =
        MemoryGate.check(
            "Qwen3-VL 2B", 3_100_000_000L, new DeviceMemory(2_400_000_000L, 8 * GB, false));

    assertEquals(Verdict.TIGHT, decision.verdict());
    assertEquals(
        "Not enough free memory to load Qwen3-VL 2B (needs ~3.1 GB, 2.4 GB free)",
        decision.message());
  }

  @Test
  public void tooLargeMessage_statesTotalAndUsableMemory() {
    MemoryGate.Decision decision = MemoryGate.check("Big", 7 * GB, PHONE);

    assertEquals(Verdict.TOO_LARGE, decision.verdict());
    assertEquals(
        "Big is too large for this device: it needs ~7.0 GB, and of the 10.0 GB of memory here at"
            + " most ~6.0 GB can go to one app",
        decision.message());
  }

  @Test
  public void impossibleReadings_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DeviceMemory(3, 2, false));
    assertThrows(IllegalArgumentException.class, () -> new DeviceMemory(-1, 2, false));
    assertThrows(IllegalArgumentException.class, () -> new DeviceMemory(0, 0, false));
    assertThrows(IllegalArgumentException.class, () -> MemoryGate.check("M", -1, PHONE));
  }

  private static Verdict verdict(long needed, DeviceMemory device) {
    return MemoryGate.check("M", needed, device).verdict();
  }
}
