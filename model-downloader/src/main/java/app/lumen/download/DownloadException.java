package app.lumen.download;

/**
 * A download or install that could not finish. {@link #reason()} says what kind of failure it was,
 * so callers map it without parsing messages (the CLI: {@link Reason#INVALID_INPUT} is exit 3,
 * {@link Reason#INTEGRITY} exit 5, the others exit 4). Partial files are kept for a later resume
 * except after an integrity failure, whose bytes are known to be wrong, and a full disk, which they
 * must not keep full.
 */
public class DownloadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kind of failure. */
  public enum Reason {
    /** Connection failures, timeouts or server errors that outlasted every retry. */
    NETWORK,
    /** The server answered with a final error (404, 403, …). */
    HTTP,
    /** Size or hash differs from what the catalog or the server promised. */
    INTEGRITY,
    /**
     * Not enough free space to start, counting what the downloader's running tasks still have to
     * write; this task wrote nothing, and partial files of an earlier attempt are kept.
     */
    INSUFFICIENT_SPACE,
    /**
     * The disk filled during the download; the task's partial files are deleted so the disk is not
     * left full (files already verified are kept for a later install).
     */
    DISK_FULL,
    /** A bad catalog, repository, URL or path (including paths that would leave the folder). */
    INVALID_INPUT,
    /** A local file could not be written or read for another reason. */
    STORAGE,
    /** Another task (in this or another process) is installing the same package or file. */
    BUSY
  }

  private final Reason reason;
  private final String file;

  public DownloadException(Reason reason, String file, String message) {
    this(reason, file, message, null);
  }

  public DownloadException(Reason reason, String file, String message, Throwable cause) {
    super(file == null ? message : file + ": " + message, cause);
    this.reason = reason;
    this.file = file;
  }

  public Reason reason() {
    return reason;
  }

  /** The file concerned (relative path or URL), or null if the failure is not about one file. */
  public String file() {
    return file;
  }
}
