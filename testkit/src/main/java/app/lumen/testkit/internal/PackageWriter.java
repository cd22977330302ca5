package app.lumen.testkit.internal;

import app.lumen.pkg.FileDigests;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.onnx.OnnxModel;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes one package folder in the contract's layout: the files, then {@code lumen-package.json}
 * listing each of them with its size and SHA-256. Every package the test kit writes goes through
 * it, so the layout, the Hugging Face config files and the manifest are written in one place.
 *
 * <p>Not thread-safe: one writer per package, on one thread. I/O failures surface as {@link
 * IOException}; a manifest the format rejects as {@link IllegalStateException} (a bug here).
 */
public final class PackageWriter {
  private final Path dir;
  private final Set<String> paths = new TreeSet<>();

  /** A writer for {@code dir}, created with its {@code onnx/} folder if missing. */
  public PackageWriter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("onnx"));
  }

  public Path dir() {
    return dir;
  }

  public void json(String path, JsonElement json) throws IOException {
    PackageFiles.writeJson(dir.resolve(path), json);
    paths.add(path);
  }

  public void text(String path, String text) throws IOException {
    PackageFiles.writeText(dir.resolve(path), text);
    paths.add(path);
  }

  public void graph(String path, OnnxModel model) throws IOException {
    model.writeTo(dir.resolve(path));
    paths.add(path);
  }

  public void copy(String path, Path source) throws IOException {
    Files.copy(source, dir.resolve(path), StandardCopyOption.REPLACE_EXISTING);
    paths.add(path);
  }

  /** Lists a file that something else wrote into the folder (an external-data file). */
  public void written(String path) {
    paths.add(path);
  }

  /**
   * {@code config.json}, {@code generation_config.json}, {@code preprocessor_config.json} and
   * {@code tokenizer_config.json} for {@code arch}'s family, as the real repositories lay them out.
   */
  public void hfConfigFiles(
      TextArchitecture arch, HfConfigFiles.VisionShape vision, AddedTokens tokens)
      throws IOException {
    json("config.json", HfConfigFiles.config(arch, vision, tokens));
    json("generation_config.json", HfConfigFiles.generationConfig(arch.family(), tokens));
    json("preprocessor_config.json", HfConfigFiles.preprocessorConfig(arch.family()));
    json(
        "tokenizer_config.json",
        HfConfigFiles.tokenizerConfig(tokens, arch.maxPositionEmbeddings()));
  }

  /** Total size of the files written so far whose paths start with {@code prefix}. */
  public long bytesUnder(String prefix) throws IOException {
    long bytes = 0;
    for (String path : paths) {
      if (path.startsWith(prefix)) {
        bytes += Files.size(dir.resolve(path));
      }
    }
    return bytes;
  }

  /**
   * Writes the manifest: {@code manifest}'s fields with every file written so far (sorted by path,
   * sizes and SHA-256 read from disk). Call once, last.
   */
  public PackageManifest finish(PackageManifest.Builder manifest) throws IOException {
    return write(dir, manifest.files(describe(dir, paths)));
  }

  /**
   * Rewrites the manifest of the package in {@code dir}: the same fields, and every file now in the
   * folder (except the manifest) with its current size and SHA-256.
   */
  public static PackageManifest relist(Path dir) throws IOException {
    PackageManifest old;
    try {
      old = PackageManifest.read(dir);
    } catch (InvalidPackageException e) {
      throw new IOException(e.getMessage(), e);
    }
    PackageManifest.Builder manifest =
        PackageManifest.builder(old.id(), old.family())
            .displayName(old.displayName())
            .source(old.source())
            .minRamMb(old.minRamMb())
            .license(old.license());
    for (Map.Entry<String, String> graph : old.graphs().entrySet()) {
      manifest.graph(graph.getKey(), graph.getValue());
    }
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String path = dir.relativize(file).toString().replace('\\', '/');
        if (Files.isRegularFile(file) && !path.equals(PackageManifest.FILE_NAME)) {
          onDisk.add(path);
        }
      }
    }
    return write(dir, manifest.files(describe(dir, onDisk)));
  }

  private static List<PackageFile> describe(Path dir, Collection<String> sortedPaths)
      throws IOException {
    List<PackageFile> files = new ArrayList<>();
    for (String path : sortedPaths) {
      Path file = dir.resolve(path);
      files.add(PackageFile.withSha256(path, Files.size(file), FileDigests.sha256(file)));
    }
    return files;
  }

  private static PackageManifest write(Path dir, PackageManifest.Builder builder)
      throws IOException {
    PackageManifest manifest;
    try {
      manifest = builder.build();
    } catch (InvalidPackageException e) {
      throw new IllegalStateException("generated manifest rejected: " + e.getMessage(), e);
    }
    manifest.writeTo(dir);
    return manifest;
  }
}
