package app.lumen.download.internal;

import app.lumen.download.CatalogEntry;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadState;
import app.lumen.download.DownloaderConfig;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.PackageSource;
import app.lumen.pkg.PackageVerifier;
import app.lumen.pkg.UnsafePathException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * Installs one catalog entry into {@code modelsRoot/<id>/}: plan the files, check the free space,
 * fetch and verify up to {@code parallelFiles} files at a time (each recorded in {@link
 * InstallState} once verified), then write {@code lumen-package.json} last. An already installed
 * package whose files still have the right sizes is left alone.
 */
final class PackageInstallTask extends AbstractTask {
  private final OkHttpClient client;
  private final Backoff backoff;
  private final HubClient hub;
  private final CatalogEntry entry;
  private final Path modelsRoot;
  private volatile Path packageDir;
  private volatile PackagePlan plan;
  private volatile boolean cleanedUp;

  PackageInstallTask(
      OkHttpClient client,
      DownloaderConfig config,
      Backoff backoff,
      HubClient hub,
      CatalogEntry entry,
      Path modelsRoot,
      DownloadListener listener) {
    super(config, listener);
    this.client = client;
    this.backoff = backoff;
    this.hub = hub;
    this.entry = entry;
    this.modelsRoot = modelsRoot;
  }

  @Override
  void body() throws DownloadException, StoppedException {
    try {
      packageDir = PackagePaths.resolve(modelsRoot, entry.id());
    } catch (UnsafePathException e) {
      throw new DownloadException(Reason.INVALID_INPUT, entry.id(), e.getMessage(), e);
    }
    // The lock lives beside the package folder, so the folder holds only the package.
    Path lockFile = modelsRoot.resolve("." + entry.id() + ".lock");
    try (TaskLock lock =
        TaskLock.acquire(lockFile.toAbsolutePath().normalize().toString(), lockFile, entry.id())) {
      try {
        installLocked();
      } catch (StoppedException e) {
        if (e.kind() == StopSignal.Kind.CANCEL) {
          cleanUpAfterCancel(); // while still holding the lock
        }
        throw e;
      }
    }
  }

  private void installLocked() throws DownloadException, StoppedException {
    if (alreadyInstalled()) {
      return;
    }
    NetworkWait.untilAllowed(config, stop, tracker);
    plan =
        entry.source().isHuggingFace()
            ? PackagePlan.forHub(
                entry, hub.tree(entry.source().hfRepo(), entry.source().revision(), stop), hub)
            : PackagePlan.forBaseUrl(entry);
    InstallState state = InstallState.load(packageDir, entry.id());
    tracker.setTotal(plan.totalSize());

    Map<String, VerifiedFile> done = new LinkedHashMap<>();
    List<PlannedFile> todo = new ArrayList<>();
    Map<String, Path> targets = new LinkedHashMap<>();
    long remaining = 0;
    for (PlannedFile f : plan.files()) {
      Path target = target(f.name());
      targets.put(f.name(), target);
      VerifiedFile recorded = state.get(f.name());
      if (recorded != null && recorded.size() == f.size() && sizeOf(target) == f.size()) {
        done.put(f.name(), recorded);
        tracker.fileBytes(f.name(), f.size(), f.size());
      } else {
        todo.add(f);
        remaining += Math.max(0, f.size() - Math.max(0, sizeOf(FileTransfer.partFile(target))));
      }
    }
    checkFreeSpace(packageDir, remaining);
    tracker.state(DownloadState.DOWNLOADING);
    tracker.flush();
    transferAll(todo, targets, state, done);

    writeManifest(done);
    try {
      state.delete();
    } catch (IOException e) {
      // the manifest is in place: a stale state file is ignored once the package is installed
    }
  }

  private void transferAll(
      List<PlannedFile> todo,
      Map<String, Path> targets,
      InstallState state,
      Map<String, VerifiedFile> done)
      throws DownloadException, StoppedException {
    if (todo.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(config.parallelFiles(), todo.size()),
            r -> {
              Thread t = new Thread(r, "lumen-download-file");
              t.setDaemon(true);
              return t;
            });
    CompletionService<VerifiedFile> completion = new ExecutorCompletionService<>(pool);
    List<Future<VerifiedFile>> futures = new ArrayList<>();
    try {
      for (PlannedFile f : todo) {
        futures.add(
            completion.submit(
                () -> {
                  VerifiedFile v =
                      new FileTransfer(client, config, backoff, stop, tracker)
                          .run(f, targets.get(f.name()));
                  state.record(v);
                  tracker.fileVerified(v);
                  return v;
                }));
      }
      DownloadException failure = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          VerifiedFile v = completion.take().get();
          synchronized (done) {
            done.put(v.name(), v);
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof DownloadException && failure == null) {
            failure = (DownloadException) cause;
            // Stop the other files now; their parts stay for a later resume.
            stop.request(StopSignal.Kind.PAUSE);
          } else if (cause instanceof IOException && failure == null) {
            failure =
                new DownloadException(
                    Reason.STORAGE, null, "cannot record progress: " + cause, cause);
            stop.request(StopSignal.Kind.PAUSE);
          } else if (cause instanceof RuntimeException && failure == null) {
            failure = new DownloadException(Reason.STORAGE, null, "unexpected: " + cause, cause);
            stop.request(StopSignal.Kind.PAUSE);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop.request(StopSignal.Kind.PAUSE);
        }
      }
      if (failure != null) {
        throw failure;
      }
      stop.check();
    } finally {
      pool.shutdownNow();
    }
  }

  private void writeManifest(Map<String, VerifiedFile> done) throws DownloadException {
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
      PackageManifest manifest = b.build();
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
   * Whether the package is installed and intact at the sizes level. A manifest whose files no
   * longer match is removed, so the folder stops claiming to be installed and the download repairs
   * it.
   */
  private boolean alreadyInstalled() throws DownloadException {
    Path manifestFile = packageDir.resolve(PackageManifest.FILE_NAME);
    if (!Files.exists(manifestFile)) {
      return false;
    }
    try {
      PackageManifest m = PackageManifest.read(packageDir);
      if (m.id().equals(entry.id())
          && PackageVerifier.verify(packageDir, m, PackageVerifier.Mode.SIZES).isEmpty()) {
        tracker.setTotal(m.totalSize());
        for (PackageFile f : m.files()) {
          tracker.fileBytes(f.path(), f.size(), f.size());
        }
        return true;
      }
    } catch (InvalidPackageException e) {
      // fall through: a broken manifest is replaced
    }
    try {
      Files.delete(manifestFile);
    } catch (IOException e) {
      throw new DownloadException(
          Reason.STORAGE, manifestFile.toString(), "cannot remove broken manifest: " + e, e);
    }
    return false;
  }

  private Path target(String path) throws DownloadException {
    try {
      return PackagePaths.resolve(packageDir, path);
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
      deleteEmptyFolders(dir);
    } catch (IOException | UnsafePathException e) {
      // best effort: whatever is left is resumed or overwritten by the next install
    }
  }

  private static void deleteEmptyFolders(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        if (Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          deleteEmptyFolders(child);
        }
      }
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      if (!children.iterator().hasNext()) {
        Files.delete(dir);
      }
    }
  }
}
