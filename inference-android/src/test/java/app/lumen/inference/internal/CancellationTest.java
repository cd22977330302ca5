package app.lumen.inference.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class CancellationTest {
  @Test
  public void cancel_setsTheFlagAndIsSafeAfterClose() {
    Cancellation cancellation = new Cancellation();
    assertFalse(cancellation.isCancelled());
    assertTrue(cancellation.runOptions() != null);
    cancellation.close();
    cancellation.cancel(); // a late cancel from a UI thread must not touch freed native options
    assertTrue(cancellation.isCancelled());
    cancellation.close();
  }
}
