package app.lumen.build.android;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Leaves named classes out of the jars that go into the APK.
 *
 * <p>Used for code that must never run on a phone: desktop-only classes of the shared modules
 * (their Java library does not exist on Android) and ONNX Runtime's telemetry uploader, which the
 * app never starts and which would otherwise be the only networking code besides the downloader.
 * The test APK uses it to leave out every class that the app's APK already carries.
 */
final class ClassFilter {
  /**
   * Whether a class, by internal name ({@code ai/onnxruntime/TelemetryInitializer}), is left out.
   */
  private final Predicate<String> excludedClass;

  private final boolean excludesNothing;

  /**
   * @param prefixes internal-name prefixes ({@code ai/onnxruntime/telemetry/}) of left-out classes
   */
  ClassFilter(List<String> prefixes) {
    List<String> copy = List.copyOf(prefixes);
    this.excludedClass = name -> copy.stream().anyMatch(name::startsWith);
    this.excludesNothing = copy.isEmpty();
  }

  private ClassFilter(Set<String> classes) {
    Set<String> copy = Set.copyOf(classes);
    this.excludedClass = copy::contains;
    this.excludesNothing = copy.isEmpty();
  }

  /**
   * Leaves out exactly the named classes (internal names), e.g. those another APK already carries.
   */
  static ClassFilter exactly(Set<String> classes) {
    return new ClassFilter(classes);
  }

  boolean excludes(String entryName) {
    return entryName.endsWith(".class")
        && excludedClass.test(entryName.substring(0, entryName.length() - ".class".length()));
  }

  /**
   * The jars with excluded classes removed: a jar that has none is returned as it is, the others
   * are copied into {@code dir} without them (with fixed timestamps, so the copy of an unchanged
   * jar is byte-identical and keeps its dex cache entry).
   */
  List<Path> apply(List<Path> jars, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < jars.size(); i++) {
      Path jar = jars.get(i);
      out.add(hasExcluded(jar) ? filtered(jar, dir.resolve(i + "-" + jar.getFileName())) : jar);
    }
    return out;
  }

  private boolean hasExcluded(Path jar) throws IOException {
    if (excludesNothing) {
      return false;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> excludes(e.getName()));
    }
  }

  private Path filtered(Path jar, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try (ZipFile zip = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (ZipEntry e :
          zip.stream().sorted(java.util.Comparator.comparing(ZipEntry::getName)).toList()) {
        if (e.isDirectory() || excludes(e.getName())) {
          continue;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(AlignedZipWriter.FIXED_TIME);
        out.putNextEntry(copy);
        try (var in = zip.getInputStream(e)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return target;
  }
}
