package app.lumen.download;

import static org.junit.Assert.assertEquals;

import app.lumen.download.internal.ProgressTracker;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class ProgressTrackerTest {
  private final AtomicLong now = new AtomicLong();
  private final RecordingListener listener = new RecordingListener();
  private final ProgressTracker tracker = new ProgressTracker(listener, now::get, 250);

  @Test
  public void progress_isThrottledToTheInterval() {
    tracker.setTotal(10_000);
    for (int i = 1; i <= 100; i++) {
      now.addAndGet(10_000_000); // 10 ms
      tracker.fileBytes("a", i * 100L, 10_000);
    }
    // updates at 10, 20, … 1000 ms: events at 10, 260, 510 and 760 ms only
    assertEquals(4, listener.progress.size());
    assertEquals(7_600, listener.progress.get(3).bytes());
    tracker.flush();
    assertEquals(5, listener.progress.size());
    assertEquals(10_000, listener.progress.get(4).bytes());
  }

  @Test
  public void speedAndEta_followTheTransferRateAndIgnoreResumedBytes() {
    tracker.setTotal(1_000_000);
    tracker.fileBytes("a", 400_000, 1_000_000); // the .part found on disk: not a transfer
    for (int i = 1; i <= 8; i++) {
      now.addAndGet(250_000_000L);
      tracker.fileBytes("a", 400_000 + i * 25_000L, 1_000_000); // 100 kB/s
    }
    DownloadProgress last = listener.progress.get(listener.progress.size() - 1);
    assertEquals(100_000, last.speedBytesPerSecond(), 1);
    assertEquals(600_000, last.bytes());
    assertEquals(4, last.etaSeconds()); // 400 kB left at 100 kB/s
  }

  @Test
  public void stateChanges_areAlwaysDeliveredOnceAndFinalStatesStick() {
    tracker.state(DownloadState.DOWNLOADING);
    tracker.state(DownloadState.DOWNLOADING);
    tracker.state(DownloadState.VERIFYING);
    tracker.finish(DownloadState.INSTALLED);
    tracker.state(DownloadState.DOWNLOADING);
    assertEquals(
        java.util.List.of(
            DownloadState.Kind.DOWNLOADING,
            DownloadState.Kind.VERIFYING,
            DownloadState.Kind.INSTALLED),
        listener.kinds());
  }
}
