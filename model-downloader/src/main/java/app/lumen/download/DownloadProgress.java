package app.lumen.download;

/**
 * A progress snapshot of one task. Immutable.
 *
 * @param file relative path (or file name) of the file that last made progress
 * @param fileBytes bytes of that file on disk so far
 * @param fileTotal size of that file, -1 if unknown
 * @param bytes bytes of the whole task on disk so far (verified files included)
 * @param total size of the whole task, -1 if unknown
 * @param speedBytesPerSecond smoothed transfer speed; 0 before the first measurement
 * @param etaSeconds estimated seconds left, -1 if unknown
 */
public record DownloadProgress(
    String file,
    long fileBytes,
    long fileTotal,
    long bytes,
    long total,
    double speedBytesPerSecond,
    long etaSeconds) {}
