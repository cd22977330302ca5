package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;

/**
 * Free space promised to running tasks. Free space alone reserves nothing: two installs that each
 * fit but not together would both start, and one would fill the disk under the other. So a task may
 * start only if the free space, minus what the running tasks still have to write, covers what it
 * has to write plus the margin. What a task still has to write shrinks as it writes (and free space
 * with it), so the sum stays right while both run. Every reservation counts against every folder,
 * as on a phone, where all downloads share one disk.
 *
 * <p>The reservations are kept per {@link DownloadStorage}, not per downloader: an app may run one
 * downloader per network rule, and all of them in a process write to the same disk. Thread-safe.
 */
final class SpaceLedger {
  /** The running reservations of each storage; weak keys, so a test's storage can go. */
  private static final Map<DownloadStorage, Set<Reservation>> BOOKS = new WeakHashMap<>();

  private final DownloadStorage storage;
  private final long marginBytes;

  /** This storage's reservations, shared by every ledger of it; guards itself. */
  private final Set<Reservation> running;

  SpaceLedger(DownloadStorage storage, long marginBytes) {
    this.storage = storage;
    this.marginBytes = marginBytes;
    synchronized (BOOKS) {
      this.running = BOOKS.computeIfAbsent(storage, s -> new HashSet<>());
    }
  }

  /**
   * Reserves space for a task that has {@code bytes} to write into {@code dir}.
   *
   * @param stillToWrite what the task has left to write from now on; read whenever another task
   *     asks for space, from that task's thread
   * @throws DownloadException {@link Reason#INSUFFICIENT_SPACE} if it does not fit beside the
   *     running tasks, {@link Reason#STORAGE} if free space cannot be read
   */
  Reservation reserve(Path dir, long bytes, LongSupplier stillToWrite) throws DownloadException {
    synchronized (running) {
      return reserveLocked(dir, bytes, stillToWrite);
    }
  }

  private Reservation reserveLocked(Path dir, long bytes, LongSupplier stillToWrite)
      throws DownloadException {
    if (bytes <= 0) {
      return new Reservation(() -> 0);
    }
    long usable;
    try {
      usable = storage.usableBytes(dir);
    } catch (IOException e) {
      throw new DownloadException(
          Reason.STORAGE, dir.toString(), "cannot read free space: " + e, e);
    }
    long promised = 0;
    for (Reservation r : running) {
      promised += Math.max(0, r.stillToWrite.getAsLong());
    }
    long needed = bytes + marginBytes;
    if (usable - promised < needed) {
      throw new DownloadException(
          Reason.INSUFFICIENT_SPACE,
          dir.toString(),
          String.format(
              Locale.ROOT,
              "needs %.1f MiB (%.1f MiB to fetch + %.1f MiB margin), %.1f MiB free%s",
              mib(needed),
              mib(bytes),
              mib(marginBytes),
              mib(usable),
              promised > 0
                  ? String.format(
                      Locale.ROOT,
                      ", of which %.1f MiB reserved by running downloads",
                      mib(promised))
                  : ""));
    }
    Reservation r = new Reservation(stillToWrite);
    running.add(r);
    return r;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** Space promised to one task until it is closed, when the task ends. */
  final class Reservation implements AutoCloseable {
    private final LongSupplier stillToWrite;

    private Reservation(LongSupplier stillToWrite) {
      this.stillToWrite = stillToWrite;
    }

    @Override
    public void close() {
      synchronized (running) {
        running.remove(this);
      }
    }
  }
}
