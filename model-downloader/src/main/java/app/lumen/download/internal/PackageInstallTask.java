package app.lumen.download.internal;

import app.lumen.download.CatalogEntry;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadState;
import app.lumen.download.DownloaderConfig;
import app.lumen.pkg.FileDigests;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.PackageSource;
import app.lumen.pkg.PackageVerifier;
import app.lumen.pkg.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Installs one catalog entry into {@code modelsRoot/<id>/}: plan the files, reserve the space,
 * fetch and verify up to {@code parallelFiles} files at a time (each recorded in {@link
 * InstallState} once verified), then write {@code lumen-package.json} last. An installed package
 * that matches the plan is left alone; one that differs is updated: the changed and new files are
 * fetched into {@code modelsRoot/.<id>.update/} while the installed version stays usable, then
 * swapped in by {@link PackageSwap}.
 */
final class PackageInstallTask extends AbstractTask {
  private final OkHttpClient client;
  private final Backoff backoff;
  private final HubClient hub;
  private final CatalogEntry entry;
  private final Path modelsRoot;
  private volatile Path packageDir;
  private volatile Path stagingDir;
  private volatile PackagePlan plan;
  private volatile boolean cleanedUp;

  PackageInstallTask(
      OkHttpClient client,
      DownloaderConfig config,
      SpaceLedger ledger,
      Backoff backoff,
      HubClient hub,
      CatalogEntry entry,
      Path modelsRoot,
      DownloadListener listener) {
    super(config, ledger, listener);
    this.client = client;
    this.backoff = backoff;
    this.hub = hub;
    this.entry = entry;
    this.modelsRoot = modelsRoot;
  }

  /** The folder an update of package {@code id} is staged in, beside the package. */
  static Path stagingDir(Path modelsRoot, String id) throws UnsafePathException {
    return PackagePaths.resolve(modelsRoot, "." + id + ".update");
  }

  /**
   * The file whose OS lock keeps two writers out of package {@code id}. It lives beside the package
   * folder, so the folder holds only the package.
   */
  static Path lockFile(Path modelsRoot, String id) {
    return modelsRoot.resolve("." + id + ".lock");
  }

  @Override
  void body() throws DownloadException, StoppedException {
    try {
      packageDir = PackagePaths.resolve(modelsRoot, entry.id());
      stagingDir = stagingDir(modelsRoot, entry.id());
    } catch (UnsafePathException e) {
      throw new DownloadException(Reason.INVALID_INPUT, entry.id(), e.getMessage(), e);
    }
    Path lockFile = lockFile(modelsRoot, entry.id());
    try (TaskLock lock =
        TaskLock.acquire(lockFile.toAbsolutePath().normalize().toString(), lockFile, entry.id())) {
      try {
        installLocked();
      } catch (StoppedException e) {
        if (e.kind() == StopSignal.Kind.CANCEL) {
          cleanUpAfterCancel(); // while still holding the lock
        }
        throw e;
      } catch (DownloadException e) {
        if (e.reason() == Reason.DISK_FULL) {
          deleteParts(); // a full disk must not stay full for parts nobody may resume
        }
        throw e;
      }
    }
  }

  private void installLocked() throws DownloadException, StoppedException {
    Optional<PackageManifest> installed = PackageDiff.installed(packageDir, entry.id());
    if (!installed.isPresent()) {
      removeBrokenManifest();
    }
    NetworkWait.untilAllowed(config, stop, tracker);
    plan = PackagePlan.of(entry, hub, stop);
    tracker.setTotal(plan.totalSize());
    if (!installed.isPresent()) {
      // A staged update of a version that is gone has nothing left to update.
      deleteStaging();
      Map<String, VerifiedFile> done = fetch(plan.files(), packageDir);
      commitManifest(buildManifest(done));
      deleteState(packageDir);
      return;
    }
    PackageDiff diff = PackageDiff.between(packageDir, installed.get(), plan);
    if (diff.upToDate()) {
      for (PlannedFile f : plan.files()) {
        tracker.fileBytes(f.name(), f.size(), f.size());
      }
      deleteStaging();
      return;
    }
    update(diff);
  }

  /**
   * Fetches what changed into the staging folder, keeping every unchanged file whose bytes still
   * hash to the planned digest, then swaps the new files in.
   */
  private void update(PackageDiff diff) throws DownloadException, StoppedException {
    tracker.state(DownloadState.VERIFYING);
    List<PlannedFile> toFetch = diff.toFetch();
    Map<String, VerifiedFile> kept = new LinkedHashMap<>();
    for (PlannedFile f : diff.unchanged) {
      stop.check();
      VerifiedFile v = verifyInPlace(f);
      if (v == null) {
        toFetch.add(f); // damaged since it was installed
      } else {
        kept.put(f.name(), v);
        tracker.fileBytes(f.name(), f.size(), f.size());
      }
    }
    Map<String, VerifiedFile> staged = fetch(toFetch, stagingDir);
    Map<String, VerifiedFile> all = new LinkedHashMap<>(kept);
    all.putAll(staged);
    PackageManifest manifest = buildManifest(all);
    try {
      new PackageSwap(packageDir, stagingDir, entry.id())
          .swap(kept.values(), staged.values(), diff.removed);
    } catch (IOException | UnsafePathException e) {
      throw new DownloadException(
          Reason.STORAGE, entry.id(), "cannot move the update into place: " + e, e);
    }
    commitManifest(manifest);
    deleteState(packageDir);
    deleteStaging();
  }

  /** The installed copy of {@code f} if its bytes hash to what the plan expects, else null. */
  private VerifiedFile verifyInPlace(PlannedFile f) throws DownloadException {
    Path file = target(packageDir, f.name());
    try {
      String sha256 = FileDigests.sha256(file);
      boolean ok =
          Files.size(file) == f.size()
              && (f.sha256() == null || f.sha256().equals(sha256))
              && (f.gitSha1() == null || f.gitSha1().equals(FileDigests.gitBlobSha1(file)));
      return ok ? new VerifiedFile(f.name(), f.size(), sha256) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Fetches {@code files} into {@code dir}, skipping those its {@link InstallState} records as
   * verified with the planned size and digest, after reserving the space still to fetch.
   */
  private Map<String, VerifiedFile> fetch(List<PlannedFile> files, Path dir)
      throws DownloadException, StoppedException {
    InstallState state = InstallState.load(dir, entry.id());
    Map<String, VerifiedFile> done = new LinkedHashMap<>();
    List<PlannedFile> todo = new ArrayList<>();
    Map<String, Path> targets = new LinkedHashMap<>();
    long remaining = 0;
    for (PlannedFile f : files) {
      Path target = target(dir, f.name());
      targets.put(f.name(), target);
      VerifiedFile recorded = state.get(f.name());
      if (recorded != null
          && recorded.size() == f.size()
          && (f.sha256() == null || f.sha256().equals(recorded.sha256()))
          && sizeOf(target) == f.size()) {
        done.put(f.name(), recorded);
        tracker.fileBytes(f.name(), f.size(), f.size());
      } else {
        todo.add(f);
        remaining += Math.max(0, f.size() - Math.max(0, sizeOf(FileTransfer.partFile(target))));
      }
    }
    long total = plan.totalSize();
    reserveSpace(dir, remaining, () -> total - tracker.bytes());
    tracker.state(DownloadState.DOWNLOADING);
    tracker.flush();
    new ParallelTransfers(client, config, backoff, stop, tracker).run(todo, targets, state, done);
    return done;
  }

  /** The manifest of the planned files as {@code done} verified them; writes nothing. */
  private PackageManifest buildManifest(Map<String, VerifiedFile> done) throws DownloadException {
    tracker.state(DownloadState.VERIFYING);
    PackageManifest.Builder b =
        PackageManifest.builder(entry.id(), entry.family())
            .displayName(entry.displayName())
            .minRamMb(entry.minRamMb())
            .license(entry.license());
    if (entry.source().isHuggingFace()) {
      b.source(new PackageSource(entry.source().hfRepo(), entry.source().revision()));
    }
    entry.graphs().forEach(b::graph);
    for (PlannedFile f : plan.files()) {
      VerifiedFile v = done.get(f.name());
      if (v == null) {
        throw new DownloadException(Reason.STORAGE, f.name(), "missing after download");
      }
      b.file(PackageFile.withSha256(v.name(), v.size(), v.sha256()));
    }
    try {
      return b.build();
    } catch (InvalidPackageException e) {
      throw new DownloadException(Reason.INVALID_INPUT, entry.id(), e.getMessage(), e);
    }
  }

  private void commitManifest(PackageManifest manifest) throws DownloadException {
    try {
      // Sizes once more: cheap, and it catches a file removed behind our back.
      PackageVerifier.requireValid(packageDir, manifest, PackageVerifier.Mode.SIZES);
      manifest.writeTo(packageDir);
    } catch (InvalidPackageException e) {
      throw new DownloadException(Reason.INVALID_INPUT, entry.id(), e.getMessage(), e);
    } catch (app.lumen.pkg.IntegrityException e) {
      throw new DownloadException(Reason.INTEGRITY, entry.id(), e.getMessage());
    } catch (IOException e) {
      throw new DownloadException(Reason.STORAGE, entry.id(), "cannot write manifest: " + e, e);
    }
  }

  /**
   * A manifest that is unreadable, another package's, or whose files no longer match is removed, so
   * the folder stops claiming to be installed and the download repairs it.
   */
  private void removeBrokenManifest() throws DownloadException {
    Path manifestFile = packageDir.resolve(PackageManifest.FILE_NAME);
    try {
      Files.deleteIfExists(manifestFile);
    } catch (IOException e) {
      throw new DownloadException(
          Reason.STORAGE, manifestFile.toString(), "cannot remove broken manifest: " + e, e);
    }
  }

  private static void deleteState(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(InstallState.FILE_NAME));
    } catch (IOException e) {
      // the manifest is in place: a stale state file is ignored once the package is installed
    }
  }

  private void deleteStaging() {
    try {
      if (stagingDir != null) {
        Folders.deleteTree(stagingDir);
      }
    } catch (IOException e) {
      // best effort: a leftover staging folder is replaced by the next update
    }
  }

  /** Deletes every {@code .part} of the plan, in the package and in the staging folder. */
  private void deleteParts() {
    PackagePlan p = plan;
    if (p == null) {
      return;
    }
    for (PlannedFile f : p.files()) {
      for (Path dir : new Path[] {packageDir, stagingDir}) {
        try {
          Files.deleteIfExists(FileTransfer.partFile(PackagePaths.resolve(dir, f.name())));
        } catch (IOException | UnsafePathException e) {
          // best effort: a leftover part is resumed or replaced by the next install
        }
      }
    }
  }

  private static Path target(Path dir, String path) throws DownloadException {
    try {
      return PackagePaths.resolve(dir, path);
    } catch (UnsafePathException e) {
      throw new DownloadException(Reason.INVALID_INPUT, path, e.getMessage(), e);
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  void cleanUpAfterCancel() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    // An update's staged files go; the installed version it would have replaced stays.
    deleteStaging();
    Path dir = packageDir;
    if (dir == null || Files.exists(dir.resolve(PackageManifest.FILE_NAME))) {
      return;
    }
    PackagePlan p = plan;
    try {
      if (p != null) {
        for (PlannedFile f : p.files()) {
          Path target = PackagePaths.resolve(dir, f.name());
          Files.deleteIfExists(FileTransfer.partFile(target));
          Files.deleteIfExists(target);
        }
      }
      Files.deleteIfExists(dir.resolve(InstallState.FILE_NAME));
      Folders.deleteEmptyFolders(dir);
    } catch (IOException | UnsafePathException e) {
      // best effort: whatever is left is resumed or overwritten by the next install
    }
  }
}
