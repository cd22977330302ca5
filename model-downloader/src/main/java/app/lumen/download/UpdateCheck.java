package app.lumen.download;

import java.util.List;
import java.util.Objects;

/**
 * How an installed package compares with what installing its catalog entry would give now, from
 * {@link ModelDownloader#checkForUpdate}. When an update is available, {@link
 * ModelDownloader#install} performs it: it fetches only the changed and added files and swaps them
 * in once verified, keeping the installed version usable until then. Immutable.
 *
 * @param status the outcome
 * @param changedFiles installed files whose size or digest differ from the entry's now
 * @param addedFiles files the entry now has that the installed package lacks
 * @param removedFiles installed files the entry no longer has (deleted by the update)
 * @param downloadBytes bytes an update fetches (changed plus added files)
 */
public record UpdateCheck(
    Status status,
    List<String> changedFiles,
    List<String> addedFiles,
    List<String> removedFiles,
    long downloadBytes) {

  /** The outcome of a check. */
  public enum Status {
    /**
     * No usable install: no manifest, an unreadable one, another package's, or files that no longer
     * have their recorded sizes. {@link ModelDownloader#install} installs or repairs it.
     */
    NOT_INSTALLED,
    /** The installed files and graphs are exactly what the entry asks for. */
    UP_TO_DATE,
    /** Files or graphs differ; installing the entry again updates the package. */
    UPDATE_AVAILABLE
  }

  public UpdateCheck {
    Objects.requireNonNull(status, "status");
    changedFiles = List.copyOf(changedFiles);
    addedFiles = List.copyOf(addedFiles);
    removedFiles = List.copyOf(removedFiles);
  }

  /** A result without file lists, for {@link Status#NOT_INSTALLED}. */
  public static UpdateCheck notInstalled() {
    return new UpdateCheck(Status.NOT_INSTALLED, List.of(), List.of(), List.of(), 0);
  }

  public boolean updateAvailable() {
    return status == Status.UPDATE_AVAILABLE;
  }
}
