package app.lumen.download;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.download.internal.Backoff;
import java.util.Random;
import org.junit.Test;

public class BackoffTest {
  private final Backoff backoff =
      new Backoff(1_000, 60_000, new Random(9), () -> 1_700_000_000_000L);

  @Test
  public void delay_growsExponentiallyWithinEqualJitterBoundsAndIsCapped() {
    for (int failures = 1; failures <= 12; failures++) {
      long ceiling = Math.min(60_000, 1_000L << (failures - 1));
      for (int i = 0; i < 50; i++) {
        long d = backoff.delayMillis(failures, -1);
        assertTrue(failures + ": " + d, d >= ceiling / 2 && d <= ceiling);
      }
    }
  }

  @Test
  public void retryAfter_secondsAndHttpDateAreHonoured() {
    assertEquals(2_000, backoff.parseRetryAfter("2"));
    // 1_700_000_000 s since the epoch is Tue, 14 Nov 2023 22:13:20 GMT
    assertEquals(30_000, backoff.parseRetryAfter("Tue, 14 Nov 2023 22:13:50 GMT"));
    assertEquals(-1, backoff.parseRetryAfter("soon"));
    assertEquals(-1, backoff.parseRetryAfter(null));
    assertEquals(2_000, backoff.delayMillis(5, 2_000));
    assertEquals(10 * 60_000, backoff.delayMillis(1, 3_600_000));
  }
}
