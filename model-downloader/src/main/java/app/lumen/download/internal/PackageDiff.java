package app.lumen.download.internal;

import app.lumen.download.UpdateCheck;
import app.lumen.pkg.FileDigests;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.PackageVerifier;
import app.lumen.pkg.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How an installed package differs from the plan of its catalog entry now: files whose size or
 * digest changed, files the plan adds or drops, and whether the graphs or family changed. A planned
 * file counts as unchanged when the installed manifest records the same size and the same SHA-256,
 * or, when the plan knows only a git blob SHA-1 (small Hub files), when the installed file hashes
 * to it. Large files are not hashed here: the manifest's digests were verified at install time.
 * Immutable.
 */
final class PackageDiff {
  final List<PlannedFile> changed;
  final List<PlannedFile> added;
  final List<PlannedFile> unchanged;
  final List<String> removed;
  final boolean manifestChanged;

  private PackageDiff(
      List<PlannedFile> changed,
      List<PlannedFile> added,
      List<PlannedFile> unchanged,
      List<String> removed,
      boolean manifestChanged) {
    this.changed = List.copyOf(changed);
    this.added = List.copyOf(added);
    this.unchanged = List.copyOf(unchanged);
    this.removed = List.copyOf(removed);
    this.manifestChanged = manifestChanged;
  }

  /**
   * The manifest installed in {@code packageDir} if it is a usable install of {@code id}: readable,
   * of that id, every file present at its recorded size. Otherwise empty.
   */
  static Optional<PackageManifest> installed(Path packageDir, String id) {
    if (!Files.exists(packageDir.resolve(PackageManifest.FILE_NAME))) {
      return Optional.empty();
    }
    try {
      PackageManifest m = PackageManifest.read(packageDir);
      if (m.id().equals(id)
          && PackageVerifier.verify(packageDir, m, PackageVerifier.Mode.SIZES).isEmpty()) {
        return Optional.of(m);
      }
    } catch (InvalidPackageException e) {
      // unreadable: not a usable install
    }
    return Optional.empty();
  }

  static PackageDiff between(Path packageDir, PackageManifest installed, PackagePlan plan) {
    List<PlannedFile> changed = new ArrayList<>();
    List<PlannedFile> added = new ArrayList<>();
    List<PlannedFile> unchanged = new ArrayList<>();
    Set<String> planned = new HashSet<>();
    for (PlannedFile f : plan.files()) {
      planned.add(f.name());
      Optional<PackageFile> have = installed.file(f.name());
      if (!have.isPresent()) {
        added.add(f);
      } else if (sameContent(packageDir, have.get(), f)) {
        unchanged.add(f);
      } else {
        changed.add(f);
      }
    }
    List<String> removed = new ArrayList<>();
    for (PackageFile f : installed.files()) {
      if (!planned.contains(f.path())) {
        removed.add(f.path());
      }
    }
    boolean manifestChanged =
        !installed.graphs().equals(plan.entry().graphs())
            || !installed.family().equals(plan.entry().family());
    return new PackageDiff(changed, added, unchanged, removed, manifestChanged);
  }

  private static boolean sameContent(Path packageDir, PackageFile have, PlannedFile want) {
    if (want.size() >= 0 && have.size() != want.size()) {
      return false;
    }
    if (want.sha256() != null) {
      return want.sha256().equals(have.sha256());
    }
    if (want.gitSha1() != null) {
      try {
        return want.gitSha1()
            .equals(FileDigests.gitBlobSha1(PackagePaths.resolve(packageDir, want.name())));
      } catch (IOException | UnsafePathException e) {
        return false; // unreadable: fetch it again
      }
    }
    return true; // nothing more is known about it than its size
  }

  boolean upToDate() {
    return changed.isEmpty() && added.isEmpty() && removed.isEmpty() && !manifestChanged;
  }

  /** The files an update fetches: the changed ones, then the added ones. */
  List<PlannedFile> toFetch() {
    List<PlannedFile> out = new ArrayList<>(changed);
    out.addAll(added);
    return out;
  }

  private static List<String> names(List<PlannedFile> files) {
    List<String> out = new ArrayList<>();
    for (PlannedFile f : files) {
      out.add(f.name());
    }
    return out;
  }

  UpdateCheck toUpdateCheck() {
    long bytes = 0;
    for (PlannedFile f : toFetch()) {
      bytes += Math.max(0, f.size());
    }
    return new UpdateCheck(
        upToDate() ? UpdateCheck.Status.UP_TO_DATE : UpdateCheck.Status.UPDATE_AVAILABLE,
        names(changed),
        names(added),
        removed,
        bytes);
  }
}
