package app.lumen.download.internal;

import app.lumen.download.DownloadState;
import app.lumen.download.DownloaderConfig;

/** Waits, polling the {@link app.lumen.download.NetworkPolicy}, until downloading is allowed. */
final class NetworkWait {
  // The interval a sleep is split into, so pause and cancel are noticed quickly.
  static final long SLEEP_SLICE_MILLIS = 250;

  private NetworkWait() {}

  static void untilAllowed(DownloaderConfig config, StopSignal stop, TransferEvents events)
      throws StoppedException {
    if (config.networkPolicy().isSatisfied()) {
      return;
    }
    events.state(DownloadState.WAITING_FOR_NETWORK);
    while (!config.networkPolicy().isSatisfied()) {
      sleep(config, stop, config.networkPollMillis());
    }
    events.state(DownloadState.DOWNLOADING);
  }

  /** Sleeps in slices through the configured sleeper, stopping early on pause or cancel. */
  static void sleep(DownloaderConfig config, StopSignal stop, long millis) throws StoppedException {
    long left = millis;
    try {
      while (left > 0) {
        stop.check();
        long slice = Math.min(left, SLEEP_SLICE_MILLIS);
        config.sleeper().sleep(slice);
        left -= slice;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoppedException(StopSignal.Kind.PAUSE);
    }
    stop.check();
  }
}
