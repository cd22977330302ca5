package app.lumen.download;

import java.util.Objects;

/**
 * Where a download stands. Only {@link Kind#FAILED} carries a reason. Immutable.
 *
 * @param kind the phase
 * @param failure for {@link Kind#FAILED}, the failure; otherwise null
 */
public record DownloadState(Kind kind, DownloadException failure) {

  /** The phases a download goes through; INSTALLED, FAILED, PAUSED and CANCELLED are final. */
  public enum Kind {
    QUEUED,
    DOWNLOADING,
    VERIFYING,
    PAUSED,
    WAITING_FOR_NETWORK,
    FAILED,
    CANCELLED,
    INSTALLED
  }

  public static final DownloadState QUEUED = new DownloadState(Kind.QUEUED, null);
  public static final DownloadState DOWNLOADING = new DownloadState(Kind.DOWNLOADING, null);
  public static final DownloadState VERIFYING = new DownloadState(Kind.VERIFYING, null);
  public static final DownloadState PAUSED = new DownloadState(Kind.PAUSED, null);
  public static final DownloadState WAITING_FOR_NETWORK =
      new DownloadState(Kind.WAITING_FOR_NETWORK, null);
  public static final DownloadState CANCELLED = new DownloadState(Kind.CANCELLED, null);
  public static final DownloadState INSTALLED = new DownloadState(Kind.INSTALLED, null);

  public DownloadState {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("a failure goes with FAILED and only with it");
    }
  }

  public static DownloadState failed(DownloadException failure) {
    return new DownloadState(Kind.FAILED, failure);
  }

  /** Whether nothing more will happen in this task. */
  public boolean isFinal() {
    return kind == Kind.INSTALLED
        || kind == Kind.FAILED
        || kind == Kind.PAUSED
        || kind == Kind.CANCELLED;
  }

  @Override
  public String toString() {
    return failure == null ? kind.name() : kind + "(" + failure.getMessage() + ")";
  }
}
