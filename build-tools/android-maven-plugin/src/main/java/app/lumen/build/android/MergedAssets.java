package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The APK's {@code assets/}: the main libraries' assets, then the app's, in one folder that aapt2
 * links with {@code -A}. A later file of the same name replaces an earlier one, so the app's win.
 */
final class MergedAssets {
  private MergedAssets() {}

  /**
   * Replaces {@code target} with the merged assets.
   *
   * @return {@code target}, or null when no library and not the app has assets
   */
  static Path merge(List<Library> libraries, Path appAssets, Path target) throws IOException {
    AndroidResourcesMojo.deleteTree(target);
    boolean any = false;
    List<Path> sources = new ArrayList<>();
    for (Library lib : libraries) {
      // Test-only libraries' assets are not the app's.
      if (!lib.testOnly()) {
        sources.add(lib.assets());
      }
    }
    sources.add(appAssets);
    for (Path source : sources) {
      if (!Files.isDirectory(source)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(source)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path dest = target.resolve(source.relativize(f).toString());
          Files.createDirectories(dest.getParent());
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
          any = true;
        }
      }
    }
    return any ? target : null;
  }
}
