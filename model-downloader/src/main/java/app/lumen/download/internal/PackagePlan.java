package app.lumen.download.internal;

import app.lumen.download.CatalogEntry;
import app.lumen.download.CatalogFile;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.UnsafePathException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The exact files of a catalog entry: for a Hugging Face source, the entry's files and graphs plus
 * the graphs' external data, each with the size and digest the Hub's tree reports; for a base URL,
 * the entry's own list. Immutable.
 */
public record PackagePlan(CatalogEntry entry, List<PlannedFile> files) {

  public PackagePlan {
    files = List.copyOf(files);
  }

  public long totalSize() {
    long total = 0;
    for (PlannedFile f : files) {
      total += Math.max(0, f.size());
    }
    return total;
  }

  /** Plans {@code entry} from its source: the Hub's tree (one request a page) or its own list. */
  public static PackagePlan of(CatalogEntry entry, HubClient hub, StopSignal stop)
      throws DownloadException, StoppedException {
    return entry.source().isHuggingFace()
        ? forHub(entry, hub.tree(entry.source().hfRepo(), entry.source().revision(), stop), hub)
        : forBaseUrl(entry);
  }

  /** Plans an entry whose source is a plain base URL (the catalog lists everything). */
  public static PackagePlan forBaseUrl(CatalogEntry entry) throws DownloadException {
    HttpUrl base = HttpUrl.parse(entry.source().baseUrl());
    if (base == null) {
      throw new DownloadException(
          Reason.INVALID_INPUT, entry.id(), "bad base_url " + entry.source().baseUrl());
    }
    List<PlannedFile> files = new ArrayList<>();
    for (CatalogFile f : entry.files()) {
      checkPath(entry, f.path());
      HttpUrl url = base.newBuilder().addPathSegments(f.path()).build();
      files.add(new PlannedFile(f.path(), url, f.size(), f.sha256(), null, false, true));
    }
    return new PackagePlan(entry, files);
  }

  /** Plans a Hugging Face entry against the repository's tree at the entry's revision. */
  public static PackagePlan forHub(CatalogEntry entry, List<HubClient.HubFile> tree, HubClient hub)
      throws DownloadException {
    Map<String, HubClient.HubFile> byPath = new LinkedHashMap<>();
    for (HubClient.HubFile f : tree) {
      byPath.put(f.path(), f);
    }
    String repo = entry.source().hfRepo();
    String revision = entry.source().revision();
    Map<String, CatalogFile> wanted = new LinkedHashMap<>();
    for (CatalogFile f : entry.files()) {
      wanted.put(f.path(), f);
    }
    for (String graph : entry.graphs().values()) {
      wanted.putIfAbsent(graph, CatalogFile.required(graph));
      // ONNX external data: <graph>_data, <graph>_data_1, … (transformers.js) or <graph>.data.
      Pattern data = Pattern.compile(Pattern.quote(graph) + "(_data(_\\d+)?|\\.data)");
      for (String path : byPath.keySet()) {
        if (data.matcher(path).matches()) {
          wanted.putIfAbsent(path, CatalogFile.required(path));
        }
      }
    }
    List<PlannedFile> files = new ArrayList<>();
    for (CatalogFile f : wanted.values()) {
      checkPath(entry, f.path());
      HubClient.HubFile remote = byPath.get(f.path());
      if (remote == null) {
        if (f.optional()) {
          continue;
        }
        throw new DownloadException(
            Reason.INVALID_INPUT, f.path(), "not in " + repo + " at revision " + revision);
      }
      if (f.sizeKnown() && f.size() != remote.size()) {
        throw new DownloadException(
            Reason.INTEGRITY,
            f.path(),
            "catalog says " + f.size() + " bytes, the Hub " + remote.size() + " bytes");
      }
      if (f.sha256() != null && remote.sha256() != null && !f.sha256().equals(remote.sha256())) {
        throw new DownloadException(
            Reason.INTEGRITY,
            f.path(),
            "catalog sha256 " + f.sha256() + " differs from the Hub's " + remote.sha256());
      }
      String sha256 = f.sha256() != null ? f.sha256() : remote.sha256();
      // Non-LFS files are identified by their git blob id; LFS files' oid is the pointer's blob.
      String gitSha1 = sha256 == null ? remote.gitOid() : null;
      files.add(
          new PlannedFile(
              f.path(),
              hub.resolveUrl(repo, revision, f.path()),
              remote.size(),
              sha256,
              gitSha1,
              true,
              true));
    }
    return new PackagePlan(entry, files);
  }

  private static void checkPath(CatalogEntry entry, String path) throws DownloadException {
    try {
      PackagePaths.checkRelative(path);
    } catch (UnsafePathException e) {
      throw new DownloadException(Reason.INVALID_INPUT, entry.id(), e.getMessage(), e);
    }
    if (path.equals(PackageManifest.FILE_NAME) || path.equals(InstallState.FILE_NAME)) {
      // The installer writes these itself; a downloaded copy would claim an unverified install.
      throw new DownloadException(
          Reason.INVALID_INPUT, path, "reserved name, cannot be downloaded");
    }
  }
}
