package app.lumen.build.android;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes a test APK's entries: the manifest and resources as aapt2 linked them, the dex files, then
 * the Java resources of the jars (first one wins; signatures, class files and desktop natives
 * never, as in the app's APK).
 */
final class TestApkWriter {
  private TestApkWriter() {}

  static void write(Path apk, Path linkedResources, Path dexDir, List<Path> jars)
      throws IOException {
    Set<String> names = new HashSet<>();
    try (AlignedZipWriter writer = new AlignedZipWriter(apk)) {
      try (ZipFile linked = new ZipFile(linkedResources.toFile())) {
        for (ZipEntry e : linked.stream().toList()) {
          names.add(e.getName());
          byte[] data = bytes(linked, e);
          if (e.getMethod() == ZipEntry.STORED) {
            writer.stored(e.getName(), data, AlignedZipWriter.DEFAULT_ALIGNMENT);
          } else {
            writer.deflated(e.getName(), data);
          }
        }
      }
      try (Stream<Path> dex = Files.list(dexDir)) {
        for (Path d :
            dex.filter(p -> DexClasses.isDex(p.getFileName().toString())).sorted().toList()) {
          names.add(d.getFileName().toString());
          writer.deflated(d.getFileName().toString(), Files.readAllBytes(d));
        }
      }
      for (Path jar : jars) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (ZipEntry e : zip.stream().toList()) {
            if (!ApkMojo.EXCLUDED_JAVA_RESOURCE.matcher(e.getName()).matches()
                && names.add(e.getName())) {
              writer.deflated(e.getName(), bytes(zip, e));
            }
          }
        }
      }
    }
  }

  private static byte[] bytes(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }
}
