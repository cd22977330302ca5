package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The rule files a release build hands R8 ({@link Shrinker}), in order: the consumer rules of every
 * AAR that goes into the APK ({@code proguard.txt}), the rules aapt2 wrote for the classes that the
 * manifest and layouts name, then the app's own.
 *
 * <p>Rules that libraries embed in their jars are not files here: R8 reads them from the program
 * jars itself, choosing among {@code META-INF/com.android.tools/r8-from-*-upto-*} folders by its
 * own version and falling back to {@code META-INF/proguard/}. {@link #embedded} only names them,
 * for the build log.
 */
final class ShrinkRules {
  /**
   * Where R8 looks for rules inside a program jar (the {@code proguard*} folders are ProGuard's).
   */
  static final Pattern EMBEDDED =
      Pattern.compile("META-INF/proguard/[^/]+|META-INF/com\\.android\\.tools/r8[^/]*/[^/]+");

  private ShrinkRules() {}

  /**
   * @param libraries the project's AARs; test-only ones ship nothing and give no rules
   * @param aapt2Rules the file {@code aapt2 link --proguard} wrote (required: without it R8 would
   *     remove the activity the launcher starts)
   * @param appRules the app's rule file (required)
   */
  static List<Path> files(List<Library> libraries, Path aapt2Rules, Path appRules)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (Library lib : libraries) {
      if (!lib.testOnly() && Files.isRegularFile(lib.consumerRules())) {
        files.add(lib.consumerRules());
      }
    }
    for (Path required : List.of(aapt2Rules, appRules)) {
      if (!Files.isRegularFile(required)) {
        throw new NoSuchFileException(required.toString(), null, "keep rules missing");
      }
      files.add(required);
    }
    return files;
  }

  /** The rule files embedded in {@code jars}, as {@code jar-name!entry}. */
  static List<String> embedded(List<Path> jars) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        zip.stream()
            .map(e -> e.getName())
            .filter(name -> EMBEDDED.matcher(name).matches())
            .sorted()
            .forEach(name -> found.add(jar.getFileName() + "!" + name));
      }
    }
    return found;
  }
}
