package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deletes an installed package, its staged update and its install state, under the same lock as an
 * install, so a delete never races a download writing into the folder.
 */
final class PackageRemoval {
  private PackageRemoval() {}

  static void remove(Path modelsRoot, String id) throws DownloadException {
    Path packageDir;
    Path stagingDir;
    try {
      packageDir = PackagePaths.resolve(modelsRoot, id);
      stagingDir = PackageInstallTask.stagingDir(modelsRoot, id);
    } catch (UnsafePathException e) {
      throw new DownloadException(Reason.INVALID_INPUT, id, e.getMessage(), e);
    }
    Path lockFile = PackageInstallTask.lockFile(modelsRoot, id);
    try (TaskLock lock =
        TaskLock.acquire(lockFile.toAbsolutePath().normalize().toString(), lockFile, id)) {
      // The manifest goes first: a process killed half-way leaves a folder that reads as not
      // installed (and that the next install resumes or the next delete finishes), never a package
      // that looks whole with files missing.
      Files.deleteIfExists(packageDir.resolve(PackageManifest.FILE_NAME));
      Folders.deleteTree(stagingDir);
      Folders.deleteTree(packageDir);
    } catch (IOException e) {
      throw new DownloadException(Reason.STORAGE, id, "cannot delete " + packageDir + ": " + e, e);
    }
  }
}
