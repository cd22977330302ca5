package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloadState;
import app.lumen.download.DownloaderConfig;
import app.lumen.pkg.AtomicFiles;
import app.lumen.pkg.DigestingOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The state machine of one file: {@code .part} on disk → request with {@code Range} from its length
 * → 206 appends, 200 restarts from zero, 416 re-checks a finished part → size and hash check →
 * fsync and atomic rename. Transient failures (connection errors, timeouts, short bodies, 408, 429,
 * 5xx) keep the part and retry with backoff; wrong bytes delete the part and retry from zero a few
 * times before failing as an integrity error. One instance per file and thread.
 */
public final class FileTransfer {
  private static final int CHUNK = 64 * 1024;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");

  private final OkHttpClient client;
  private final DownloaderConfig config;
  private final Backoff backoff;
  private final StopSignal stop;
  private final TransferEvents events;

  public FileTransfer(
      OkHttpClient client,
      DownloaderConfig config,
      Backoff backoff,
      StopSignal stop,
      TransferEvents events) {
    this.client = client;
    this.config = config;
    this.backoff = backoff;
    this.stop = stop;
    this.events = events;
  }

  public static Path partFile(Path target) {
    return target.resolveSibling(target.getFileName() + ".part");
  }

  /** Fetches {@code file} into {@code target}; returns once it is verified and in place. */
  public VerifiedFile run(PlannedFile file, Path target)
      throws DownloadException, StoppedException {
    if (!UrlRules.isAllowed(file.url())) {
      throw new DownloadException(
          Reason.INVALID_INPUT, file.name(), "refusing non-HTTPS URL " + file.url());
    }
    Path part = partFile(target);
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new DownloadException(Reason.STORAGE, file.name(), "cannot create folder: " + e, e);
    }
    VerifiedFile adopted = adoptExisting(file, target);
    if (adopted != null) {
      return adopted;
    }
    int failures = 0;
    int integrityFailures = 0;
    int attempt = 0;
    while (true) {
      stop.check();
      awaitNetwork();
      attempt++;
      try {
        return attempt(file, target, part);
      } catch (Retry r) {
        failures = r.madeProgress ? 1 : failures + 1;
        if (failures >= config.maxAttempts()) {
          throw new DownloadException(
              r.reason,
              file.name(),
              "gave up after " + attempt + " attempts: " + r.getMessage(),
              r.getCause());
        }
        long delay = backoff.delayMillis(failures, r.retryAfterMillis);
        events.retry(file.name(), attempt, delay, r.getMessage());
        sleep(delay);
      } catch (IntegrityRetry r) {
        deleteQuietly(part);
        events.fileBytes(file.name(), 0, file.size());
        integrityFailures++;
        if (integrityFailures >= config.maxIntegrityFailures()) {
          throw new DownloadException(Reason.INTEGRITY, file.name(), r.getMessage());
        }
        long delay = backoff.delayMillis(integrityFailures, -1);
        events.retry(file.name(), attempt, delay, r.getMessage());
        sleep(delay);
      }
    }
  }

  /**
   * A target already in place (from a run that died before recording it) is kept if it verifies.
   */
  private VerifiedFile adoptExisting(PlannedFile file, Path target) throws DownloadException {
    if (!Files.isRegularFile(target)) {
      return null;
    }
    try {
      long size = Files.size(target);
      if (file.size() >= 0
          && size == file.size()
          && (file.sha256() != null || file.gitSha1() != null)) {
        events.state(DownloadState.VERIFYING);
        ContentDigests d = ContentDigests.of(file, size);
        d.hashFile(target);
        if (d.mismatch(file.sha256(), file.gitSha1()) == null) {
          events.fileBytes(file.name(), size, size);
          return new VerifiedFile(file.name(), size, d.sha256.hex());
        }
        Files.delete(target); // known to be wrong
        return null;
      }
      // Nothing to check it against: keep it until a verified download replaces it atomically,
      // so a failed attempt (e.g. offline) does not lose it.
      return null;
    } catch (IOException e) {
      throw new DownloadException(
          Reason.STORAGE, file.name(), "cannot check existing file: " + e, e);
    }
  }

  private VerifiedFile attempt(PlannedFile file, Path target, Path part)
      throws Retry, IntegrityRetry, DownloadException, StoppedException {
    long offset = partLength(file, part);
    if (file.size() >= 0 && offset > file.size()) {
      deleteQuietly(part);
      offset = 0;
    }
    events.fileBytes(file.name(), offset, file.size());
    Request.Builder rb =
        new Request.Builder().url(file.url()).header("Accept-Encoding", "identity");
    if (offset > 0) {
      rb.header("Range", "bytes=" + offset + "-");
    }
    try (Http.Exchange exchange = Http.execute(client, rb.build(), stop)) {
      return handle(file, target, part, offset, exchange.response, exchange.originHeaders);
    } catch (InsecureUrlException e) {
      throw new DownloadException(Reason.INVALID_INPUT, file.name(), e.getMessage(), e);
    } catch (IOException e) {
      stop.check();
      throw new Retry(Reason.NETWORK, describe(e), -1, false, e);
    }
  }

  private VerifiedFile handle(
      PlannedFile file, Path target, Path part, long offset, Response response, Headers origin)
      throws IOException, Retry, IntegrityRetry, DownloadException, StoppedException {
    int code = response.code();
    ExpectedContent expect = ExpectedContent.from(file, origin);
    if (code == 416) {
      // The part may already hold the whole file (a run that died before verifying it).
      long size = expect.size;
      Matcher unsatisfied =
          UNSATISFIED_RANGE.matcher(String.valueOf(response.header("Content-Range")));
      if (size < 0 && unsatisfied.matches()) {
        size = Long.parseLong(unsatisfied.group(1));
      }
      if (offset > 0 && size >= 0 && offset == size) {
        return verifyAndCommit(
            file,
            target,
            part,
            new ExpectedContent(size, expect.sha256, expect.gitSha1),
            offset,
            null);
      }
      deleteQuietly(part);
      throw new Retry(Reason.HTTP, "HTTP 416 for a range from " + offset, -1, false, null);
    }
    if (code == 408 || code == 429 || code >= 500) {
      long retryAfter = backoff.parseRetryAfter(response.header("Retry-After"));
      throw new Retry(Reason.NETWORK, "HTTP " + code, retryAfter, false, null);
    }
    if (code != 200 && code != 206) {
      throw new DownloadException(Reason.HTTP, file.name(), "HTTP " + code + " from " + file.url());
    }
    long start;
    long total;
    ResponseBody body = response.body();
    if (code == 206) {
      String contentRange = response.header("Content-Range");
      Matcher m = CONTENT_RANGE.matcher(String.valueOf(contentRange));
      if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
        // Bytes from anywhere but the end of the part would be appended at the wrong place.
        restartFromZero(file, part, expect.size);
        throw new Retry(
            Reason.NETWORK,
            "server answered a resume from byte "
                + offset
                + " with Content-Range "
                + contentRange
                + "; restarting from zero",
            -1,
            false,
            null);
      }
      start = offset;
      total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
    } else {
      // 200: the server ignored Range (or there was none); start over.
      if (offset > 0) {
        restartFromZero(file, part, expect.size);
      }
      start = 0;
      total = body.contentLength();
    }
    if (expect.size >= 0 && total >= 0 && total != expect.size) {
      throw new IntegrityRetry(
          "server offers " + total + " bytes, expected " + expect.size + "; restarting from zero");
    }
    long size = expect.size >= 0 ? expect.size : total;
    if (file.requireDigest() && expect.sha256 == null && expect.gitSha1 == null) {
      throw new DownloadException(
          Reason.INTEGRITY, file.name(), "no SHA-256 or SHA-1 known: cannot verify the file");
    }
    events.state(DownloadState.DOWNLOADING);
    ContentDigests digests = ContentDigests.of(expect, size);
    if (start > 0) {
      digests.hashFile(part);
    }
    long written = receive(file, part, body, digests, start, size);
    long got = start + written;
    if (size >= 0 && got < size) {
      throw new Retry(
          Reason.NETWORK,
          "connection ended at " + got + " of " + size + " bytes",
          -1,
          written > 0,
          null);
    }
    return verifyAndCommit(file, target, part, expect, got, digests);
  }

  private long receive(
      PlannedFile file, Path part, ResponseBody body, ContentDigests digests, long start, long size)
      throws Retry, IntegrityRetry, DownloadException, StoppedException {
    long written = 0;
    byte[] buffer = new byte[CHUNK];
    try (OutputStream raw = config.storage().openAppend(part);
        DigestingOutputStream out = digests.wrap(raw);
        InputStream in = body.byteStream()) {
      while (true) {
        stop.check();
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          stop.check();
          throw new Retry(Reason.NETWORK, describe(e), -1, written > 0, e);
        }
        if (n == -1) {
          break;
        }
        if (size >= 0 && start + written + n > size) {
          throw new IntegrityRetry("server sent more than the expected " + size + " bytes");
        }
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          throw storageFailure(file, part, e);
        }
        written += n;
        events.fileBytes(file.name(), start + written, size);
      }
    } catch (IOException e) {
      // Opening or closing the part file failed.
      throw storageFailure(file, part, e);
    }
    return written;
  }

  private VerifiedFile verifyAndCommit(
      PlannedFile file,
      Path target,
      Path part,
      ExpectedContent expect,
      long length,
      ContentDigests digests)
      throws IntegrityRetry, DownloadException {
    events.state(DownloadState.VERIFYING);
    try {
      if (digests == null) {
        digests = ContentDigests.of(expect, length);
        digests.hashFile(part);
      }
      if (expect.size >= 0 && length != expect.size) {
        throw new IntegrityRetry("size " + length + " bytes, expected " + expect.size);
      }
      String mismatch = digests.mismatch(expect.sha256, expect.gitSha1);
      if (mismatch != null) {
        throw new IntegrityRetry(mismatch);
      }
      AtomicFiles.commit(part, target);
      return new VerifiedFile(file.name(), length, digests.sha256.hex());
    } catch (IOException e) {
      throw new DownloadException(Reason.STORAGE, file.name(), "cannot finish file: " + e, e);
    }
  }

  /**
   * Drops the part so the next request carries no Range. It must really go: appending other bytes
   * to it would pair stale content with a digest of the new bytes.
   */
  private void restartFromZero(PlannedFile file, Path part, long size) throws DownloadException {
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      throw new DownloadException(
          Reason.STORAGE, file.name(), "cannot restart the download: " + e, e);
    }
    events.fileBytes(file.name(), 0, size);
  }

  private DownloadException storageFailure(PlannedFile file, Path part, IOException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    boolean full = message.contains("no space") || message.contains("enospc");
    if (!full) {
      try {
        full = config.storage().usableBytes(part.getParent()) < CHUNK;
      } catch (IOException ignored) {
        // the original error is the one to report
      }
    }
    if (full) {
      return new DownloadException(
          Reason.DISK_FULL,
          file.name(),
          "disk full while writing " + part + "; the partial files are deleted",
          e);
    }
    return new DownloadException(Reason.STORAGE, file.name(), "cannot write " + part + ": " + e, e);
  }

  private long partLength(PlannedFile file, Path part) throws DownloadException {
    try {
      if (Files.isSymbolicLink(part)) {
        // Appending through a link could write outside the package folder: drop the link.
        Files.delete(part);
      }
      return Files.exists(part) ? Files.size(part) : 0;
    } catch (IOException e) {
      throw new DownloadException(Reason.STORAGE, file.name(), "cannot read " + part + ": " + e, e);
    }
  }

  private void awaitNetwork() throws StoppedException {
    NetworkWait.untilAllowed(config, stop, events);
  }

  private void sleep(long millis) throws StoppedException {
    NetworkWait.sleep(config, stop, millis);
  }

  private static String describe(IOException e) {
    if (e instanceof InterruptedIOException) {
      return "timed out (" + e.getMessage() + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover part is overwritten or truncated by the next attempt
    }
  }

  /** A failure worth another attempt that keeps the part. */
  private static final class Retry extends Exception {
    private static final long serialVersionUID = 1L;
    final Reason reason;
    final long retryAfterMillis;
    final boolean madeProgress;

    Retry(
        Reason reason,
        String message,
        long retryAfterMillis,
        boolean madeProgress,
        Throwable cause) {
      super(message, cause);
      this.reason = reason;
      this.retryAfterMillis = retryAfterMillis;
      this.madeProgress = madeProgress;
    }
  }

  /** Wrong bytes: the part is deleted and the file fetched again from zero. */
  private static final class IntegrityRetry extends Exception {
    private static final long serialVersionUID = 1L;

    IntegrityRetry(String message) {
      super(message);
    }
  }
}
