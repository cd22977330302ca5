package app.lumen.build.android;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The R classes the tests compile: the tests' link writes one for the app and every library, but
 * the app's and the main libraries' are already compiled with the app (with the same ids), so only
 * the test-only libraries' go to the test sources.
 */
final class TestOnlyRClasses {
  private TestOnlyRClasses() {}

  /**
   * Replaces {@code target} with the {@code R.java} files of {@code testR} whose package is not in
   * {@code mainPackages}.
   */
  static void copy(Path testR, Set<String> mainPackages, Path target) throws IOException {
    AndroidResourcesMojo.deleteTree(target);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.walk(testR)) {
      for (Path r : files.filter(p -> p.getFileName().toString().equals("R.java")).toList()) {
        String pkg = testR.relativize(r.getParent()).toString().replace('/', '.');
        if (mainPackages.contains(pkg)) {
          continue;
        }
        Path dest = target.resolve(testR.relativize(r));
        Files.createDirectories(dest.getParent());
        Files.copy(r, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
