package app.lumen.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks an installed package against its manifest. Stateless and thread-safe; never throws for a
 * problem with the package, it reports every problem found as one {@link PackageProblem}.
 */
public final class PackageVerifier {

  /** How thorough a check is. */
  public enum Mode {
    /** Presence and sizes only: cheap enough for every model load. */
    SIZES,
    /** Sizes and hashes of every file: for installs and {@code lumen validate}. */
    FULL
  }

  private PackageVerifier() {}

  /** Every problem of {@code dir} against {@code manifest}, in manifest order; empty if none. */
  public static List<PackageProblem> verify(Path dir, PackageManifest manifest, Mode mode) {
    return verify(dir, manifest, path -> mode == Mode.FULL);
  }

  /**
   * As {@link #verify(Path, PackageManifest, Mode)}, hashing only the files whose path {@code
   * hashed} accepts (the others' presence and size are checked).
   */
  public static List<PackageProblem> verify(
      Path dir, PackageManifest manifest, Predicate<String> hashed) {
    List<PackageProblem> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    Set<String> intact = new HashSet<>();
    for (PackageFile f : manifest.files()) {
      listed.add(f.path());
      PackageProblem p = verifyFile(dir, f, hashed.test(f.path()) ? Mode.FULL : Mode.SIZES);
      if (p != null) {
        problems.add(p);
      } else {
        intact.add(f.path());
      }
    }
    for (String graph : new java.util.LinkedHashSet<>(manifest.graphs().values())) {
      if (intact.contains(graph)) {
        problems.addAll(externalDataProblems(dir, graph, listed));
      }
    }
    for (Map.Entry<String, String> g : manifest.graphs().entrySet()) {
      if (!listed.contains(g.getValue())) {
        problems.add(
            new PackageProblem(
                g.getValue(),
                PackageProblem.Kind.GRAPH_NOT_LISTED,
                g.getValue() + ": " + g.getKey() + " graph not listed in files"));
      }
    }
    return problems;
  }

  /**
   * Like {@link #verify} but throws the first kind of failure: {@link InvalidPackageException} if
   * any problem is about the layout, else {@link IntegrityException}; the message holds every
   * problem, one per line.
   */
  public static void requireValid(Path dir, PackageManifest manifest, Mode mode)
      throws InvalidPackageException, IntegrityException {
    List<PackageProblem> problems = verify(dir, manifest, mode);
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    boolean layout = false;
    for (PackageProblem p : problems) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(p.message());
      layout |= !p.isIntegrity();
    }
    if (layout) {
      throw new InvalidPackageException(sb.toString());
    }
    throw new IntegrityException(sb.toString());
  }

  /**
   * ONNX Runtime reads a graph's external data files from next to it: each must be listed (with its
   * size and digest) and stay inside the package. A graph that is not well-formed protobuf is left
   * to the graph check, which reports it as not loadable.
   */
  private static List<PackageProblem> externalDataProblems(
      Path dir, String graph, Set<String> listed) {
    List<String> locations;
    try {
      locations = OnnxExternalData.locations(PackagePaths.resolve(dir, graph));
    } catch (IOException | UnsafePathException | IllegalArgumentException e) {
      return List.of(); // unsafe or unreadable graph paths were reported with the file itself
    }
    List<PackageProblem> problems = new ArrayList<>();
    int slash = graph.lastIndexOf('/');
    String folder = slash < 0 ? "" : graph.substring(0, slash + 1);
    for (String location : locations) {
      String path = folder + location;
      try {
        PackagePaths.checkRelative(path);
      } catch (UnsafePathException e) {
        problems.add(
            new PackageProblem(
                path,
                PackageProblem.Kind.UNSAFE_PATH,
                graph + ": external data " + e.getMessage()));
        continue;
      }
      if (!listed.contains(path)) {
        problems.add(
            new PackageProblem(
                path,
                PackageProblem.Kind.EXTERNAL_DATA_NOT_LISTED,
                graph
                    + ": external data "
                    + UnsafePathException.quote(location)
                    + " ("
                    + path
                    + ") is not listed in files"));
      }
    }
    return problems;
  }

  /** The problem with one file, or null if it matches. */
  public static PackageProblem verifyFile(Path dir, PackageFile f, Mode mode) {
    String name = f.path();
    Path path;
    try {
      path = PackagePaths.resolve(dir, name);
    } catch (UnsafePathException e) {
      return new PackageProblem(
          name, PackageProblem.Kind.UNSAFE_PATH, name + ": " + e.getMessage());
    }
    if (!Files.exists(path)) {
      return new PackageProblem(name, PackageProblem.Kind.MISSING, name + ": missing");
    }
    if (!Files.isRegularFile(path)) {
      return new PackageProblem(
          name, PackageProblem.Kind.NOT_A_FILE, name + ": not a regular file");
    }
    try {
      long size = Files.size(path);
      if (size != f.size()) {
        return new PackageProblem(
            name,
            PackageProblem.Kind.SIZE_MISMATCH,
            name + ": size " + size + " bytes, expected " + f.size());
      }
      if (mode == Mode.FULL) {
        return checkHashes(path, f);
      }
      return null;
    } catch (IOException e) {
      return new PackageProblem(
          name, PackageProblem.Kind.UNREADABLE, name + ": unreadable: " + e.getMessage());
    }
  }

  private static PackageProblem checkHashes(Path path, PackageFile f) throws IOException {
    String name = f.path();
    if (f.sha256() != null) {
      String actual = FileDigests.sha256(path);
      if (!actual.equals(f.sha256())) {
        return mismatch(name, "sha256", actual, f.sha256());
      }
    } else if (f.sha1() != null) {
      // One pass for both readings of "sha1": the plain digest and Hugging Face's git blob ETag.
      IncrementalDigest plain = IncrementalDigest.sha1();
      IncrementalDigest blob = IncrementalDigest.gitBlobSha1(f.size());
      try (InputStream in = Files.newInputStream(path)) {
        byte[] buffer = new byte[FileDigests.BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) != -1) {
          plain.update(buffer, 0, n);
          blob.update(buffer, 0, n);
        }
      }
      if (!plain.hex().equals(f.sha1()) && !blob.hex().equals(f.sha1())) {
        return mismatch(name, "sha1", plain.hex(), f.sha1());
      }
    }
    return null;
  }

  private static PackageProblem mismatch(String name, String algo, String actual, String expected) {
    return new PackageProblem(
        name,
        PackageProblem.Kind.HASH_MISMATCH,
        name + ": " + algo + " " + actual + ", expected " + expected);
  }
}
