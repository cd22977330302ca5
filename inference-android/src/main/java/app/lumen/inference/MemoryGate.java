package app.lumen.inference;

import java.util.Locale;

/**
 * Decides whether a model may be loaded on this device, from its {@link MemoryForecast} and the
 * device's memory readings (on Android, {@code ActivityManager.MemoryInfo}: {@code availMem},
 * {@code totalMem}, and {@code ActivityManager.isLowRamDevice()}).
 *
 * <p>The thresholds, and why:
 *
 * <ul>
 *   <li>{@link Verdict#FITS} when the peak is at most available memory: it can be had now.
 *   <li>{@link Verdict#TOO_LARGE} when the peak exceeds available memory and {@link
 *       #USABLE_FRACTION} of total memory ({@link #LOW_RAM_USABLE_FRACTION} on low-RAM devices).
 *       Available memory can grow — the system kills cached apps and drops file pages to make room
 *       — but total memory cannot, and part of it is never free for one app: the kernel's own
 *       allocations, the system server, the system UI, the launcher and the phone process stay
 *       resident. On a typical phone they hold 1.5 to 3 GB of 6 to 12 GB; a low-RAM device runs a
 *       slimmer system in far less memory, so its fixed share is larger. A model above that share
 *       would be killed by the low-memory killer however many apps were closed, so it is refused
 *       rather than offered.
 *   <li>{@link Verdict#TIGHT} when the peak exceeds available memory but not that share: the load
 *       can succeed once the system has reclaimed cached apps, but it may also be killed midway,
 *       and it pushes the user's other apps out. The user confirms, seeing the numbers.
 * </ul>
 *
 * Each bound is inclusive on the permissive side: a peak exactly equal to available memory fits,
 * exactly equal to the usable share is tight.
 *
 * <p>Pure functions; thread-safe. Readings out of range throw {@link IllegalArgumentException}.
 */
public final class MemoryGate {
  /** Share of total memory one app can hope to use on a regular device. */
  public static final double USABLE_FRACTION = 0.6;

  /** The same on a device that reports itself as low-RAM ({@code isLowRamDevice}). */
  public static final double LOW_RAM_USABLE_FRACTION = 0.5;

  /** Bytes in a gigabyte as phones state storage and memory (decimal, as Android's settings). */
  private static final double GB = 1e9;

  private MemoryGate() {}

  /** What the gate decides. */
  public enum Verdict {
    /** Load without asking. */
    FITS,
    /** Ask the user first, with {@link Decision#message()}'s numbers. */
    TIGHT,
    /** Refuse, with {@link Decision#message()}'s explanation. */
    TOO_LARGE
  }

  /**
   * The device's memory at the moment of asking.
   *
   * @param availableBytes memory the system can give now without killing anything the user sees
   *     ({@code MemoryInfo.availMem}); at least 0
   * @param totalBytes memory the kernel can use ({@code MemoryInfo.totalMem}); positive, at least
   *     {@code availableBytes}
   * @param lowRamDevice {@code ActivityManager.isLowRamDevice()}
   */
  public record DeviceMemory(long availableBytes, long totalBytes, boolean lowRamDevice) {
    public DeviceMemory {
      if (totalBytes <= 0 || availableBytes < 0 || availableBytes > totalBytes) {
        throw new IllegalArgumentException(
            "expected 0 <= available <= total and total > 0, were "
                + availableBytes
                + " and "
                + totalBytes);
      }
    }

    /** The most one app can use: total memory times the usable share for this kind of device. */
    public long usableBytes() {
      return (long) (totalBytes * (lowRamDevice ? LOW_RAM_USABLE_FRACTION : USABLE_FRACTION));
    }
  }

  /**
   * A verdict with the numbers behind it, for the app to word in its own language.
   *
   * @param modelName the model as the user knows it
   * @param neededBytes the forecast peak
   */
  public record Decision(Verdict verdict, String modelName, long neededBytes, DeviceMemory device) {

    /**
     * An English explanation, the fallback where the app has no translation: "Not enough free
     * memory to load Qwen3-VL 2B (needs ~3.1 GB, 2.4 GB free)".
     */
    public String message() {
      return switch (verdict) {
        case FITS ->
            String.format(
                Locale.ROOT,
                "%s fits in memory (needs ~%.1f GB, %.1f GB free)",
                modelName,
                neededBytes / GB,
                device.availableBytes() / GB);
        case TIGHT ->
            String.format(
                Locale.ROOT,
                "Not enough free memory to load %s (needs ~%.1f GB, %.1f GB free)",
                modelName,
                neededBytes / GB,
                device.availableBytes() / GB);
        case TOO_LARGE ->
            String.format(
                Locale.ROOT,
                "%s is too large for this device: it needs ~%.1f GB, and of the %.1f GB of"
                    + " memory here at most ~%.1f GB can go to one app",
                modelName,
                neededBytes / GB,
                device.totalBytes() / GB,
                device.usableBytes() / GB);
      };
    }
  }

  /**
   * The decision for loading the forecast model and reading photos with it ({@link
   * MemoryForecast#photoPeakBytes()}; the text-only peak for a model without vision).
   */
  public static Decision check(MemoryForecast forecast, DeviceMemory device) {
    return check(forecast.displayName(), forecast.photoPeakBytes(), device);
  }

  /** The decision for a model named {@code modelName} whose peak is {@code neededBytes}. */
  public static Decision check(String modelName, long neededBytes, DeviceMemory device) {
    if (neededBytes < 0) {
      throw new IllegalArgumentException("needed bytes must be >= 0, were " + neededBytes);
    }
    Verdict verdict =
        neededBytes <= device.availableBytes()
            ? Verdict.FITS
            : neededBytes <= device.usableBytes() ? Verdict.TIGHT : Verdict.TOO_LARGE;
    return new Decision(verdict, modelName, neededBytes, device);
  }
}
