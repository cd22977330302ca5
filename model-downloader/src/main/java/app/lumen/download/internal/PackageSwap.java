package app.lumen.download.internal;

import app.lumen.pkg.AtomicFiles;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Moves the verified files of an update from its staging folder into the installed package. The
 * manifest is the commit point: it is removed first, so while files are renamed the folder reads as
 * not installed, never as a mix of two versions, and the new manifest is written by the caller once
 * everything is in place. Each step is a rename within one file system, with no copying, and every
 * file in place is recorded in {@link InstallState}, so a process that dies mid-swap leaves an
 * unfinished install whose recorded files are kept and the rest fetched again. Not thread-safe: one
 * swap at a time, under the package's {@link TaskLock}.
 */
final class PackageSwap {
  private final Path packageDir;
  private final Path stagingDir;
  private final String packageId;

  PackageSwap(Path packageDir, Path stagingDir, String packageId) {
    this.packageDir = packageDir;
    this.stagingDir = stagingDir;
    this.packageId = packageId;
  }

  /**
   * @param kept files already in the package that stay as they are
   * @param staged files verified in the staging folder, moved into the package
   * @param removed package files the new version no longer has
   */
  void swap(
      Collection<VerifiedFile> kept, Collection<VerifiedFile> staged, Collection<String> removed)
      throws IOException, UnsafePathException {
    InstallState state = InstallState.empty(packageDir, packageId);
    for (VerifiedFile v : kept) {
      state.record(v);
    }
    Files.delete(packageDir.resolve(PackageManifest.FILE_NAME));
    for (VerifiedFile v : staged) {
      Path target = PackagePaths.resolve(packageDir, v.name());
      Files.createDirectories(target.getParent());
      AtomicFiles.commit(PackagePaths.resolve(stagingDir, v.name()), target);
      state.record(v);
    }
    for (String path : removed) {
      Files.deleteIfExists(PackagePaths.resolve(packageDir, path));
    }
  }
}
