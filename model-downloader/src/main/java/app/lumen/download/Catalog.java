package app.lumen.download;

import app.lumen.download.internal.Json;
import app.lumen.download.internal.Streams;
import app.lumen.download.internal.UrlRules;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.UnsafePathException;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A list of installable model packages, read from JSON. Unknown fields are ignored; a missing or
 * malformed field fails with {@link DownloadException.Reason#INVALID_INPUT} naming the source and
 * the field. Every path is checked with {@link PackagePaths#checkRelative}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * {"format": 1, "packages": [{"id", "display_name", "family", "quantization",
 *   "source": {"hf_repo", "revision"} | {"base_url"},
 *   "graphs": {"vision", "embed", "decoder"},
 *   "files": [{"path", "size", "sha256", "optional"}], "min_ram_mb", "license"}]}
 * }</pre>
 *
 * A {@code base_url} source must list every file, graphs included, with size and SHA-256, since no
 * Hub can vouch for it.
 */
public final class Catalog {
  /** Classpath resource of the catalog shipped with Lumen. */
  public static final String DEFAULT_RESOURCE = "/app/lumen/download/default-catalog.json";

  private final List<CatalogEntry> entries;

  public Catalog(List<CatalogEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<CatalogEntry> entries() {
    return entries;
  }

  /**
   * This catalog with {@code entry} added, or replacing the entry of the same id (a package the
   * user added by repository id, kept by the app with {@link #toJson()}).
   */
  public Catalog with(CatalogEntry entry) {
    List<CatalogEntry> list = new ArrayList<>();
    boolean replaced = false;
    for (CatalogEntry e : entries) {
      if (e.id().equals(entry.id())) {
        list.add(entry);
        replaced = true;
      } else {
        list.add(e);
      }
    }
    if (!replaced) {
      list.add(entry);
    }
    return new Catalog(list);
  }

  /** The catalog as JSON that {@link #parse} reads back to an equal catalog. */
  public String toJson() {
    JsonArray packages = new JsonArray();
    for (CatalogEntry e : entries) {
      JsonObject o = new JsonObject();
      o.addProperty("id", e.id());
      o.addProperty("display_name", e.displayName());
      o.addProperty("family", e.family());
      if (e.quantization() != null) {
        o.addProperty("quantization", e.quantization());
      }
      JsonObject source = new JsonObject();
      if (e.source().isHuggingFace()) {
        source.addProperty("hf_repo", e.source().hfRepo());
        source.addProperty("revision", e.source().revision());
      } else {
        source.addProperty("base_url", e.source().baseUrl());
      }
      o.add("source", source);
      JsonObject graphs = new JsonObject();
      e.graphs().forEach(graphs::addProperty);
      o.add("graphs", graphs);
      JsonArray files = new JsonArray();
      for (CatalogFile f : e.files()) {
        JsonObject fo = new JsonObject();
        fo.addProperty("path", f.path());
        if (f.sizeKnown()) {
          fo.addProperty("size", f.size());
        }
        if (f.sha256() != null) {
          fo.addProperty("sha256", f.sha256());
        }
        if (f.optional()) {
          fo.addProperty("optional", true);
        }
        files.add(fo);
      }
      o.add("files", files);
      if (e.minRamMb() > 0) {
        o.addProperty("min_ram_mb", e.minRamMb());
      }
      if (e.license() != null) {
        o.addProperty("license", e.license());
      }
      packages.add(o);
    }
    JsonObject root = new JsonObject();
    root.addProperty("format", 1);
    root.add("packages", packages);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  public Optional<CatalogEntry> find(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The catalog shipped in this library. */
  public static Catalog loadDefault() throws DownloadException {
    try (InputStream in = Catalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new DownloadException(
            DownloadException.Reason.INVALID_INPUT, DEFAULT_RESOURCE, "resource missing");
      }
      byte[] bytes = Streams.readAtMost(in, Long.MAX_VALUE);
      return parse(new String(bytes, StandardCharsets.UTF_8), "default catalog");
    } catch (IOException e) {
      throw new DownloadException(
          DownloadException.Reason.STORAGE, DEFAULT_RESOURCE, "unreadable: " + e.getMessage(), e);
    }
  }

  public static Catalog load(Path file) throws DownloadException {
    try {
      return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new DownloadException(
          DownloadException.Reason.INVALID_INPUT,
          file.toString(),
          "unreadable: " + e.getMessage(),
          e);
    }
  }

  /**
   * @param sourceName names the JSON in error messages (file path or URL)
   */
  public static Catalog parse(String json, String sourceName) throws DownloadException {
    Json j = new Json(sourceName);
    JsonObject root = j.object(j.parse(json), "(root)");
    long format = j.requiredLong(root, "format", "format");
    if (format != 1) {
      throw j.error("field \"format\": unsupported value " + format + ", expected 1");
    }
    JsonArray packages = j.array(j.required(root, "packages", "packages"), "packages");
    List<CatalogEntry> entries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < packages.size(); i++) {
      CatalogEntry entry = parseEntry(j, j.object(packages.get(i), "packages[" + i + "]"), i);
      if (!ids.add(entry.id())) {
        throw j.error("field \"packages[" + i + "].id\": duplicate id " + entry.id());
      }
      entries.add(entry);
    }
    return new Catalog(entries);
  }

  private static CatalogEntry parseEntry(Json j, JsonObject o, int index) throws DownloadException {
    String at = "packages[" + index + "]";
    String id = j.string(o, "id", at + ".id");
    checkPath(j, id, at + ".id");
    if (id.contains("/")) {
      throw j.error("field \"" + at + ".id\" must not contain '/': " + id);
    }
    String family = j.string(o, "family", at + ".family");
    String displayName = j.optString(o, "display_name", at + ".display_name");
    String quantization = j.optString(o, "quantization", at + ".quantization");
    JsonObject so = j.object(j.required(o, "source", at + ".source"), at + ".source");
    String hfRepo = j.optString(so, "hf_repo", at + ".source.hf_repo");
    String baseUrl = j.optString(so, "base_url", at + ".source.base_url");
    if ((hfRepo == null) == (baseUrl == null)) {
      throw j.error("field \"" + at + ".source\" needs exactly one of hf_repo and base_url");
    }
    CatalogSource source;
    if (hfRepo != null) {
      if (!hfRepo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw j.error(
            "field \"" + at + ".source.hf_repo\": not an owner/name repository: " + hfRepo);
      }
      source =
          CatalogSource.huggingFace(hfRepo, j.optString(so, "revision", at + ".source.revision"));
    } else {
      if (!UrlRules.isAllowed(baseUrl)) {
        throw j.error(
            "field \""
                + at
                + ".source.base_url\": must be an https:// URL (or loopback): "
                + baseUrl);
      }
      source = CatalogSource.baseUrl(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }
    JsonObject go = j.object(j.required(o, "graphs", at + ".graphs"), at + ".graphs");
    Map<String, String> graphs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> g : go.entrySet()) {
      String field = at + ".graphs." + g.getKey();
      String path = j.asString(g.getValue(), field);
      checkPath(j, path, field);
      graphs.put(g.getKey(), path);
    }
    if (!graphs.containsKey(PackageManifest.ROLE_DECODER)) {
      throw j.error("missing required field \"" + at + ".graphs.decoder\"");
    }
    List<CatalogFile> files = new ArrayList<>();
    JsonElement fe = o.get("files");
    if (fe != null && !fe.isJsonNull()) {
      JsonArray fa = j.array(fe, at + ".files");
      for (int k = 0; k < fa.size(); k++) {
        String fat = at + ".files[" + k + "]";
        JsonObject fo = j.object(fa.get(k), fat);
        String path = j.string(fo, "path", fat + ".path");
        checkPath(j, path, fat + ".path");
        long size = j.optLong(fo, "size", fat + ".size", -1);
        String sha256 = j.optString(fo, "sha256", fat + ".sha256");
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
          throw j.error("field \"" + fat + ".sha256\" must be 64 hex digits, got " + sha256);
        }
        files.add(
            new CatalogFile(path, size, sha256, j.optBoolean(fo, "optional", fat + ".optional")));
      }
    }
    if (!source.isHuggingFace()) {
      for (String graph : graphs.values()) {
        if (files.stream().noneMatch(f -> f.path().equals(graph))) {
          throw j.error("field \"" + at + ".files\": base_url sources must list graph " + graph);
        }
      }
      for (CatalogFile f : files) {
        if (!f.sizeKnown() || f.sha256() == null) {
          throw j.error(
              "field \"" + at + ".files\": base_url sources need size and sha256 for " + f.path());
        }
      }
    }
    long minRam = j.optLong(o, "min_ram_mb", at + ".min_ram_mb", 0);
    String license = j.optString(o, "license", at + ".license");
    return new CatalogEntry(
        id,
        displayName == null ? id : displayName,
        family,
        quantization,
        source,
        graphs,
        files,
        minRam,
        license);
  }

  private static void checkPath(Json j, String path, String field) throws DownloadException {
    try {
      PackagePaths.checkRelative(path);
    } catch (UnsafePathException e) {
      throw j.error("field \"" + field + "\": " + e.getMessage());
    }
  }
}
