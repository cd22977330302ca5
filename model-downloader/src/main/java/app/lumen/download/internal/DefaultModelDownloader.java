package app.lumen.download.internal;

import app.lumen.download.Catalog;
import app.lumen.download.CatalogEntry;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadTask;
import app.lumen.download.DownloaderConfig;
import app.lumen.download.FileRequest;
import app.lumen.download.ModelDownloader;
import app.lumen.download.UpdateCheck;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.UnsafePathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** The OkHttp implementation of {@link ModelDownloader}. */
public final class DefaultModelDownloader implements ModelDownloader {
  private final DownloaderConfig config;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final Backoff backoff;
  private final SpaceLedger ledger;
  private final ExecutorService tasks;
  private final Set<AbstractTask> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public DefaultModelDownloader(DownloaderConfig config) {
    this.config = config;
    this.ownsClient = config.httpClient() == null;
    OkHttpClient.Builder b =
        ownsClient ? new OkHttpClient.Builder() : config.httpClient().newBuilder();
    this.client =
        b.readTimeout(config.readTimeoutMillis(), TimeUnit.MILLISECONDS)
            // Redirects are followed by Http, which checks each hop before connecting.
            .followRedirects(false)
            .followSslRedirects(false)
            .addNetworkInterceptor(InsecureUrlException.INTERCEPTOR)
            .build();
    this.backoff =
        new Backoff(
            config.backoffBaseMillis(),
            config.backoffMaxMillis(),
            config.random(),
            System::currentTimeMillis);
    this.ledger = new SpaceLedger(config.storage(), config.freeSpaceMarginBytes());
    AtomicInteger n = new AtomicInteger();
    this.tasks =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lumen-download-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public DownloadTask install(CatalogEntry entry, Path modelsRoot, DownloadListener listener) {
    HubClient hub;
    try {
      hub = new HubClient(client, config, backoff);
    } catch (DownloadException e) {
      AbstractTask failed = new FailedTask(config, ledger, listener);
      failed.reject(e);
      return failed;
    }
    return submit(
        new PackageInstallTask(client, config, ledger, backoff, hub, entry, modelsRoot, listener));
  }

  @Override
  public UpdateCheck checkForUpdate(CatalogEntry entry, Path modelsRoot) throws DownloadException {
    Path packageDir;
    try {
      packageDir = PackagePaths.resolve(modelsRoot, entry.id());
    } catch (UnsafePathException e) {
      throw new DownloadException(Reason.INVALID_INPUT, entry.id(), e.getMessage(), e);
    }
    Optional<PackageManifest> installed = PackageDiff.installed(packageDir, entry.id());
    if (!installed.isPresent()) {
      return UpdateCheck.notInstalled();
    }
    try {
      PackagePlan plan =
          PackagePlan.of(entry, new HubClient(client, config, backoff), new StopSignal());
      return PackageDiff.between(packageDir, installed.get(), plan).toUpdateCheck();
    } catch (StoppedException e) {
      throw new DownloadException(Reason.NETWORK, entry.id(), "interrupted");
    }
  }

  @Override
  public long packageSize(CatalogEntry entry) throws DownloadException {
    try {
      return PackagePlan.of(entry, new HubClient(client, config, backoff), new StopSignal())
          .totalSize();
    } catch (StoppedException e) {
      throw new DownloadException(Reason.NETWORK, entry.id(), "interrupted");
    }
  }

  @Override
  public void uninstall(String id, Path modelsRoot) throws DownloadException {
    PackageRemoval.remove(modelsRoot, id);
  }

  @Override
  public DownloadTask download(FileRequest request, DownloadListener listener) {
    return submit(new SingleFileTask(client, config, backoff, request, ledger, listener));
  }

  @Override
  public CatalogEntry describeHubPackage(String repo, String revision, String variant)
      throws DownloadException {
    try {
      return HubPackages.describe(
          new HubClient(client, config, backoff), repo, revision, variant, new StopSignal());
    } catch (StoppedException e) {
      throw new DownloadException(Reason.NETWORK, repo, "interrupted");
    }
  }

  @Override
  public Catalog fetchCatalog(String url) throws DownloadException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null || !UrlRules.isAllowed(parsed)) {
      throw new DownloadException(
          Reason.INVALID_INPUT, url, "catalog URL must be https:// (or loopback)");
    }
    try {
      String json = new HubClient(client, config, backoff).fetchText(parsed, new StopSignal());
      return Catalog.parse(json, url);
    } catch (StoppedException e) {
      throw new DownloadException(Reason.NETWORK, url, "interrupted");
    }
  }

  private DownloadTask submit(AbstractTask task) {
    if (closed) {
      task.reject(new DownloadException(Reason.STORAGE, null, "downloader is closed"));
      return task;
    }
    running.add(task);
    try {
      tasks.execute(
          () -> {
            try {
              task.run();
            } finally {
              running.remove(task);
            }
          });
    } catch (RejectedExecutionException e) {
      running.remove(task);
      task.reject(new DownloadException(Reason.STORAGE, null, "downloader is closed"));
    }
    return task;
  }

  @Override
  public void close() {
    closed = true;
    for (AbstractTask t : running) {
      t.pause();
    }
    tasks.shutdown();
    try {
      tasks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** A task that failed before it could start. */
  private static final class FailedTask extends AbstractTask {
    FailedTask(DownloaderConfig config, SpaceLedger ledger, DownloadListener listener) {
      super(config, ledger, listener);
    }

    @Override
    void body() {}

    @Override
    void cleanUpAfterCancel() {}
  }
}
