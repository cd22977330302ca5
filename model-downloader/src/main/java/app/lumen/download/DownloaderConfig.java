package app.lumen.download;

import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Settings of a {@link ModelDownloader}. Immutable; build with {@link #builder()}. The defaults
 * suit a phone: 3 files at a time, up to 8 consecutive failed attempts per file (a failure after
 * progress does not count against the limit), backoff from 1 s to 60 s with full jitter.
 */
public final class DownloaderConfig {
  private final OkHttpClient httpClient;
  private final String hubBaseUrl;
  private final int parallelFiles;
  private final int maxAttempts;
  private final int maxIntegrityFailures;
  private final long backoffBaseMillis;
  private final long backoffMaxMillis;
  private final long readTimeoutMillis;
  private final long progressIntervalMillis;
  private final long freeSpaceMarginBytes;
  private final long networkPollMillis;
  private final NetworkPolicy networkPolicy;
  private final Sleeper sleeper;
  private final Ticker ticker;
  private final Random random;
  private final DownloadStorage storage;

  private DownloaderConfig(Builder b) {
    this.httpClient = b.httpClient;
    this.hubBaseUrl = b.hubBaseUrl.endsWith("/") ? b.hubBaseUrl : b.hubBaseUrl + "/";
    this.parallelFiles = b.parallelFiles;
    this.maxAttempts = b.maxAttempts;
    this.maxIntegrityFailures = b.maxIntegrityFailures;
    this.backoffBaseMillis = b.backoffBaseMillis;
    this.backoffMaxMillis = b.backoffMaxMillis;
    this.readTimeoutMillis = b.readTimeoutMillis;
    this.progressIntervalMillis = b.progressIntervalMillis;
    this.freeSpaceMarginBytes = b.freeSpaceMarginBytes;
    this.networkPollMillis = b.networkPollMillis;
    this.networkPolicy = b.networkPolicy;
    this.sleeper = b.sleeper;
    this.ticker = b.ticker;
    this.random = b.random;
    this.storage = b.storage;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The OkHttp client to derive from, or null for a fresh one. */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** Base of the Hugging Face Hub, ending in {@code /}. */
  public String hubBaseUrl() {
    return hubBaseUrl;
  }

  public int parallelFiles() {
    return parallelFiles;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public int maxIntegrityFailures() {
    return maxIntegrityFailures;
  }

  public long backoffBaseMillis() {
    return backoffBaseMillis;
  }

  public long backoffMaxMillis() {
    return backoffMaxMillis;
  }

  public long readTimeoutMillis() {
    return readTimeoutMillis;
  }

  public long progressIntervalMillis() {
    return progressIntervalMillis;
  }

  public long freeSpaceMarginBytes() {
    return freeSpaceMarginBytes;
  }

  public long networkPollMillis() {
    return networkPollMillis;
  }

  public NetworkPolicy networkPolicy() {
    return networkPolicy;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Ticker ticker() {
    return ticker;
  }

  /** Source of backoff jitter; used under a lock, so a seeded one gives repeatable delays. */
  public Random random() {
    return random;
  }

  public DownloadStorage storage() {
    return storage;
  }

  /** Not thread-safe. */
  public static final class Builder {
    private OkHttpClient httpClient;
    private String hubBaseUrl = "https://huggingface.co/";
    private int parallelFiles = 3;
    private int maxAttempts = 8;
    private int maxIntegrityFailures = 3;
    private long backoffBaseMillis = 1_000;
    private long backoffMaxMillis = 60_000;
    private long readTimeoutMillis = 30_000;
    // 250 ms: four events a second keeps a notification under Android's update rate limit.
    private long progressIntervalMillis = 250;
    // 64 MiB beyond the bytes still to fetch, so the phone is not left with a full disk.
    private long freeSpaceMarginBytes = 64L << 20;
    private long networkPollMillis = 5_000;
    private NetworkPolicy networkPolicy = NetworkPolicy.ANY_NETWORK;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Ticker ticker = Ticker.SYSTEM;
    private Random random = new Random();
    private DownloadStorage storage = DownloadStorage.FILE_SYSTEM;

    private Builder() {}

    public Builder httpClient(OkHttpClient client) {
      this.httpClient = client;
      return this;
    }

    public Builder hubBaseUrl(String url) {
      this.hubBaseUrl = Objects.requireNonNull(url);
      return this;
    }

    public Builder parallelFiles(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("parallelFiles < 1");
      }
      this.parallelFiles = n;
      return this;
    }

    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxAttempts < 1");
      }
      this.maxAttempts = n;
      return this;
    }

    public Builder maxIntegrityFailures(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxIntegrityFailures < 1");
      }
      this.maxIntegrityFailures = n;
      return this;
    }

    public Builder backoff(long base, long max, TimeUnit unit) {
      this.backoffBaseMillis = unit.toMillis(base);
      this.backoffMaxMillis = unit.toMillis(max);
      return this;
    }

    public Builder readTimeout(long timeout, TimeUnit unit) {
      this.readTimeoutMillis = unit.toMillis(timeout);
      return this;
    }

    public Builder progressInterval(long interval, TimeUnit unit) {
      this.progressIntervalMillis = unit.toMillis(interval);
      return this;
    }

    public Builder freeSpaceMarginBytes(long bytes) {
      this.freeSpaceMarginBytes = bytes;
      return this;
    }

    public Builder networkPollInterval(long interval, TimeUnit unit) {
      this.networkPollMillis = unit.toMillis(interval);
      return this;
    }

    public Builder networkPolicy(NetworkPolicy policy) {
      this.networkPolicy = Objects.requireNonNull(policy);
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker);
      return this;
    }

    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    public Builder storage(DownloadStorage storage) {
      this.storage = Objects.requireNonNull(storage);
      return this;
    }

    public DownloaderConfig build() {
      return new DownloaderConfig(this);
    }
  }
}
