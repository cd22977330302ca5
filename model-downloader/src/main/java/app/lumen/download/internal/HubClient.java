package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.download.DownloaderConfig;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The few Hugging Face Hub calls the downloader needs: the recursive file tree of a revision
 * (sizes, LFS SHA-256, git blob ids), resolve URLs, and small JSON files. Small requests retry like
 * file transfers. Thread-safe.
 */
public final class HubClient {
  /** Small JSON answers above this are refused: a tree of thousands of files stays far below. */
  private static final long MAX_JSON_BYTES = 32L << 20;

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final OkHttpClient client;
  private final DownloaderConfig config;
  private final Backoff backoff;
  private final HttpUrl base;

  /** One file of the tree; {@code sha256} is set for LFS files, {@code gitOid} always. */
  public record HubFile(String path, long size, String sha256, String gitOid) {}

  public HubClient(OkHttpClient client, DownloaderConfig config, Backoff backoff)
      throws DownloadException {
    this.client = client;
    this.config = config;
    this.backoff = backoff;
    HttpUrl parsed = HttpUrl.parse(config.hubBaseUrl());
    if (parsed == null || !UrlRules.isAllowed(parsed)) {
      throw new DownloadException(
          Reason.INVALID_INPUT,
          null,
          "Hub URL must be https:// (or loopback): " + config.hubBaseUrl());
    }
    this.base = parsed;
  }

  public HttpUrl resolveUrl(String repo, String revision, String path) {
    return base.newBuilder()
        .addPathSegments(repo)
        .addPathSegment("resolve")
        .addPathSegment(revision)
        .addPathSegments(path)
        .build();
  }

  /** Every file of {@code repo} at {@code revision}, following the tree API's pagination. */
  public List<HubFile> tree(String repo, String revision, StopSignal stop)
      throws DownloadException, StoppedException {
    HttpUrl url =
        base.newBuilder()
            .addPathSegment("api")
            .addPathSegment("models")
            .addPathSegments(repo)
            .addPathSegment("tree")
            .addPathSegment(revision)
            .addQueryParameter("recursive", "true")
            .build();
    List<HubFile> files = new ArrayList<>();
    String where = repo + "@" + revision;
    while (url != null) {
      Fetched page = fetch(url, where, stop);
      Json j = new Json("tree of " + where);
      JsonArray entries = j.array(j.parse(page.body), "(root)");
      for (JsonElement e : entries) {
        JsonObject o = j.object(e, "entry");
        if (!"file".equals(j.optString(o, "type", "type"))) {
          continue;
        }
        String path = j.string(o, "path", "path");
        long size = j.requiredLong(o, "size", "size");
        String oid = j.optString(o, "oid", "oid");
        String sha256 = null;
        JsonElement lfs = o.get("lfs");
        if (lfs != null && lfs.isJsonObject()) {
          sha256 = j.optString(lfs.getAsJsonObject(), "oid", "lfs.oid");
          long lfsSize = j.optLong(lfs.getAsJsonObject(), "size", "lfs.size", size);
          size = lfsSize;
        }
        files.add(new HubFile(path, size, lower(sha256), lower(oid)));
      }
      url = nextPage(page.link);
    }
    return files;
  }

  /** A small text file of the repository (e.g. {@code config.json}). */
  public String fetchText(String repo, String revision, String path, StopSignal stop)
      throws DownloadException, StoppedException {
    return fetch(resolveUrl(repo, revision, path), repo + "/" + path, stop).body;
  }

  /** A small text document at any allowed URL (catalogs). */
  public String fetchText(HttpUrl url, StopSignal stop) throws DownloadException, StoppedException {
    return fetch(url, url.toString(), stop).body;
  }

  private record Fetched(String body, String link) {}

  private Fetched fetch(HttpUrl url, String what, StopSignal stop)
      throws DownloadException, StoppedException {
    if (!UrlRules.isAllowed(url)) {
      throw new DownloadException(Reason.INVALID_INPUT, what, "refusing non-HTTPS URL " + url);
    }
    int failures = 0;
    while (true) {
      stop.check();
      long retryAfter = -1;
      String problem;
      try (Http.Exchange exchange =
          Http.execute(client, new Request.Builder().url(url).build(), stop)) {
        Response r = exchange.response;
        int code = r.code();
        if (code == 200) {
          return new Fetched(readLimited(r, what), r.header("Link"));
        }
        if (code == 404 || code == 401 || code == 403) {
          throw new DownloadException(
              Reason.HTTP, what, "HTTP " + code + " (no such repository, revision or file?)");
        }
        if (code != 408 && code != 429 && code < 500) {
          throw new DownloadException(Reason.HTTP, what, "HTTP " + code + " from " + url);
        }
        problem = "HTTP " + code;
        retryAfter = backoff.parseRetryAfter(r.header("Retry-After"));
      } catch (InsecureUrlException e) {
        throw new DownloadException(Reason.INVALID_INPUT, what, e.getMessage(), e);
      } catch (IOException e) {
        stop.check();
        problem = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      failures++;
      if (failures >= config.maxAttempts()) {
        throw new DownloadException(
            Reason.NETWORK, what, "gave up after " + failures + " attempts: " + problem);
      }
      try {
        config.sleeper().sleep(backoff.delayMillis(failures, retryAfter));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoppedException(StopSignal.Kind.PAUSE);
      }
    }
  }

  private static String readLimited(Response r, String what) throws IOException, DownloadException {
    try (InputStream in = r.body().byteStream()) {
      byte[] bytes = Streams.readAtMost(in, MAX_JSON_BYTES);
      if (bytes == null) {
        throw new DownloadException(Reason.INVALID_INPUT, what, "answer larger than 32 MiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private HttpUrl nextPage(String link) {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT_LINK.matcher(link);
    if (!m.find()) {
      return null;
    }
    HttpUrl next = HttpUrl.parse(m.group(1));
    if (next == null) {
      next = base.resolve(m.group(1));
    }
    return next;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }
}
