package app.lumen.pkg;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifest {@code lumen-package.json} of a model package (contracts §1). Immutable and
 * thread-safe. Reading ignores unknown fields and reports a missing or malformed field with an
 * {@link InvalidPackageException} naming the source and the field; every path is checked with
 * {@link PackagePaths#checkRelative}.
 *
 * <p>Required fields: {@code format} (must be {@value #FORMAT}), {@code id}, {@code family}, {@code
 * graphs} (with a {@code decoder}) and {@code files}. {@code display_name} defaults to the id,
 * {@code min_ram_mb} to 0; {@code source} and {@code license} may be absent.
 */
public final class PackageManifest {
  public static final String FILE_NAME = "lumen-package.json";

  /** The only manifest format this code reads and writes. */
  public static final int FORMAT = 1;

  public static final String ROLE_VISION = "vision";
  public static final String ROLE_EMBED = "embed";
  public static final String ROLE_DECODER = "decoder";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final int format;
  private final String id;
  private final String family;
  private final String displayName;
  private final PackageSource source;
  private final Map<String, String> graphs;
  private final List<PackageFile> files;
  private final long minRamMb;
  private final String license;

  private PackageManifest(Builder b) {
    this.format = b.format;
    this.id = b.id;
    this.family = b.family;
    this.displayName = b.displayName == null ? b.id : b.displayName;
    this.source = b.source;
    this.graphs = Collections.unmodifiableMap(new LinkedHashMap<>(b.graphs));
    this.files = List.copyOf(b.files);
    this.minRamMb = b.minRamMb;
    this.license = b.license;
  }

  public static Builder builder(String id, String family) {
    return new Builder(id, family);
  }

  /** Reads {@code packageDir/lumen-package.json}. */
  public static PackageManifest read(Path packageDir) throws InvalidPackageException {
    Path file = packageDir.resolve(FILE_NAME);
    String json;
    try {
      json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidPackageException(file + ": missing (not a Lumen model package)");
    } catch (IOException e) {
      throw new InvalidPackageException(file + ": unreadable: " + e.getMessage(), e);
    }
    // Named as inside the package, like every other file of it; only "missing" gives the path,
    // since then the folder itself may be the wrong one.
    return parse(json, FILE_NAME);
  }

  /**
   * Parses manifest JSON.
   *
   * @param sourceName names the JSON in error messages (usually the file path)
   */
  public static PackageManifest parse(String json, String sourceName)
      throws InvalidPackageException {
    return ManifestJson.parse(json, sourceName);
  }

  public int format() {
    return format;
  }

  public String id() {
    return id;
  }

  public String family() {
    return family;
  }

  public String displayName() {
    return displayName;
  }

  /** Where the package came from; null for generated packages. */
  public PackageSource source() {
    return source;
  }

  /** Role ({@code vision}, {@code embed}, {@code decoder}) to relative path, in manifest order. */
  public Map<String, String> graphs() {
    return graphs;
  }

  /** The path of a graph role, if the package has it. */
  public Optional<String> graph(String role) {
    return Optional.ofNullable(graphs.get(role));
  }

  public List<PackageFile> files() {
    return files;
  }

  /** The entry for a relative path, if listed. */
  public Optional<PackageFile> file(String path) {
    for (PackageFile f : files) {
      if (f.path().equals(path)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The file {@code path} of the package in {@code packageDir}, for a loader to read. A file that
   * is present but not listed is refused, since nothing vouches for its size or content; one that
   * is absent is left to the caller, which knows whether it is optional.
   *
   * @throws UnlistedFileException for a present, unlisted file
   * @throws UnsafePathException when the path would leave the folder
   */
  public Path listedFile(Path packageDir, String path) throws InvalidPackageException {
    Path file = PackagePaths.resolve(packageDir, path);
    if (!file(path).isPresent() && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnlistedFileException(path);
    }
    return file;
  }

  /** Sum of the listed file sizes. */
  public long totalSize() {
    long total = 0;
    for (PackageFile f : files) {
      total += f.size();
    }
    return total;
  }

  /** RAM the package needs to run, in MiB; 0 when unknown. */
  public long minRamMb() {
    return minRamMb;
  }

  /** SPDX-style licence id such as {@code apache-2.0}; null when unknown. */
  public String license() {
    return license;
  }

  /** The manifest as pretty-printed JSON with the field names of contracts §1. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("format", format);
    o.addProperty("id", id);
    o.addProperty("family", family);
    o.addProperty("display_name", displayName);
    if (source != null) {
      JsonObject s = new JsonObject();
      s.addProperty("hf_repo", source.hfRepo());
      s.addProperty("revision", source.revision());
      o.add("source", s);
    }
    JsonObject g = new JsonObject();
    graphs.forEach(g::addProperty);
    o.add("graphs", g);
    JsonArray fs = new JsonArray();
    for (PackageFile f : files) {
      JsonObject fo = new JsonObject();
      fo.addProperty("path", f.path());
      fo.addProperty("size", f.size());
      if (f.sha256() != null) {
        fo.addProperty("sha256", f.sha256());
      }
      if (f.sha1() != null) {
        fo.addProperty("sha1", f.sha1());
      }
      fs.add(fo);
    }
    o.add("files", fs);
    if (minRamMb > 0) {
      o.addProperty("min_ram_mb", minRamMb);
    }
    if (license != null) {
      o.addProperty("license", license);
    }
    return GSON.toJson(o) + "\n";
  }

  /**
   * Writes {@code packageDir/lumen-package.json} atomically (temporary file in the same folder,
   * fsync, rename), so a crash never leaves a half-written manifest.
   */
  public void writeTo(Path packageDir) throws IOException {
    AtomicFiles.write(packageDir.resolve(FILE_NAME), toJson().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackageManifest && toJson().equals(((PackageManifest) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "PackageManifest{" + id + ", " + family + ", " + files.size() + " files}";
  }

  /** Builds a manifest; {@link #build()} checks it like {@link #parse} does. Not thread-safe. */
  public static final class Builder {
    private final int format = FORMAT;
    private String id;
    private String family;
    private String displayName;
    private PackageSource source;
    private final Map<String, String> graphs = new LinkedHashMap<>();
    private final List<PackageFile> files = new ArrayList<>();
    private long minRamMb;
    private String license;

    private Builder(String id, String family) {
      this.id = id;
      this.family = family;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder family(String family) {
      this.family = family;
      return this;
    }

    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    public Builder source(PackageSource source) {
      this.source = source;
      return this;
    }

    public Builder graph(String role, String path) {
      graphs.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(path, "path"));
      return this;
    }

    public Builder file(PackageFile file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    public Builder files(List<PackageFile> files) {
      this.files.clear();
      this.files.addAll(files);
      return this;
    }

    public Builder minRamMb(long minRamMb) {
      this.minRamMb = minRamMb;
      return this;
    }

    public Builder license(String license) {
      this.license = license;
      return this;
    }

    /**
     * @throws InvalidPackageException for a missing id/family/decoder graph, an unsafe or duplicate
     *     path
     */
    public PackageManifest build() throws InvalidPackageException {
      return build("manifest " + id);
    }

    PackageManifest build(String sourceName) throws InvalidPackageException {
      return ManifestJson.validate(new PackageManifest(this), sourceName);
    }
  }
}
