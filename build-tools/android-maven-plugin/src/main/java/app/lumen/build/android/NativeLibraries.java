package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;

/** The native libraries of a project's AARs ({@code jni/<abi>/*.so}) for the chosen ABIs. */
final class NativeLibraries {
  /** The ABIs Android defines; anything else in a {@code jni/} folder is not for a phone. */
  static final Set<String> ANDROID_ABIS = Set.of("arm64-v8a", "armeabi-v7a", "x86", "x86_64");

  /** One library file and where it goes in the APK ({@code lib/<abi>/<name>.so}). */
  record Entry(Path file, String apkPath) {}

  private NativeLibraries() {}

  /** Parses a comma-separated ABI list, refusing names Android does not know. */
  static List<String> abis(String commaSeparated) throws MojoExecutionException {
    List<String> abis =
        Arrays.stream(commaSeparated.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (abis.isEmpty()) {
      throw new MojoExecutionException("lumen.abis is empty; name at least one ABI");
    }
    for (String abi : abis) {
      if (!ANDROID_ABIS.contains(abi)) {
        throw new MojoExecutionException(
            "unknown ABI '" + abi + "' in lumen.abis; Android's are " + ANDROID_ABIS);
      }
    }
    return abis;
  }

  /**
   * The main (not test-only) libraries' native code for {@code abis}. A library that has native
   * code but not for one of them fails the build: on a phone of that ABI it would be missing.
   */
  static List<Entry> of(List<Library> libraries, List<String> abis)
      throws IOException, MojoExecutionException {
    List<Entry> entries = new ArrayList<>();
    for (Library lib : libraries) {
      if (lib.testOnly() || !Files.isDirectory(lib.jni())) {
        continue;
      }
      for (String abi : abis) {
        Path dir = lib.jni().resolve(abi);
        List<Path> files;
        try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
          files = list.filter(p -> p.toString().endsWith(".so")).sorted().toList();
        }
        if (files.isEmpty()) {
          throw new MojoExecutionException(
              lib.artifact() + " has native code but none for " + abi + " (lumen.abis)");
        }
        for (Path so : files) {
          entries.add(new Entry(so, "lib/" + abi + "/" + so.getFileName()));
        }
      }
    }
    return entries;
  }
}
