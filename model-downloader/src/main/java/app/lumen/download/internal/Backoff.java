package app.lumen.download.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Delays between attempts: exponential from a base, capped, with "equal jitter" (half fixed, half
 * random) so many clients that failed together do not return together, and never zero. A server's
 * {@code Retry-After} wins when present. Thread-safe.
 */
public final class Backoff {
  /** A Retry-After beyond this is treated as this: a phone download should not sleep for hours. */
  static final long MAX_RETRY_AFTER_MILLIS = 10 * 60_000L;

  private final long baseMillis;
  private final long maxMillis;
  private final Random random;
  private final LongSupplier wallClockMillis;

  public Backoff(long baseMillis, long maxMillis, Random random, LongSupplier wallClockMillis) {
    this.baseMillis = Math.max(1, baseMillis);
    this.maxMillis = Math.max(this.baseMillis, maxMillis);
    this.random = random;
    this.wallClockMillis = wallClockMillis;
  }

  /**
   * @param failures consecutive failures so far, from 1
   * @param retryAfterMillis the server's wish, or -1
   */
  public long delayMillis(int failures, long retryAfterMillis) {
    if (retryAfterMillis >= 0) {
      return Math.min(retryAfterMillis, MAX_RETRY_AFTER_MILLIS);
    }
    int shift = Math.min(failures - 1, 30);
    long ceiling = Math.min(maxMillis, baseMillis << shift);
    long half = ceiling / 2;
    long jitter;
    synchronized (random) {
      jitter = half == 0 ? 0 : (long) (random.nextDouble() * (ceiling - half + 1));
    }
    return Math.max(1, half + jitter);
  }

  /**
   * Parses {@code Retry-After}: delta seconds or an HTTP date.
   *
   * @return milliseconds to wait, or -1 if absent or unreadable
   */
  public long parseRetryAfter(String header) {
    if (header == null || header.trim().isEmpty()) {
      return -1;
    }
    String value = header.trim();
    if (value.matches("\\d{1,9}")) {
      return Long.parseLong(value) * 1000;
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Math.max(0, when.toInstant().toEpochMilli() - wallClockMillis.getAsLong());
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
