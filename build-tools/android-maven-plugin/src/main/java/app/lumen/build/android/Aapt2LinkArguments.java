package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The arguments of {@code aapt2 compile} and {@code aapt2 link} for an app and its libraries
 * (AARs). Building them runs nothing, so their order, which decides which resource wins, is
 * testable without aapt2.
 */
final class Aapt2LinkArguments {
  private final Path platform;
  private final String applicationId;
  private final int minSdk;
  private final int targetSdk;
  private final int versionCode;
  private final String versionName;

  /**
   * @param platform the platform jar whose resource table the app links against ({@code -I})
   */
  Aapt2LinkArguments(
      Path platform,
      String applicationId,
      int minSdk,
      int targetSdk,
      int versionCode,
      String versionName) {
    this.platform = platform;
    this.applicationId = applicationId;
    this.minSdk = minSdk;
    this.targetSdk = targetSdk;
    this.versionCode = versionCode;
    this.versionName = versionName;
  }

  /** Compiles every resource of {@code resDir} into one archive. */
  static List<String> compile(Path resDir, Path archive) {
    return List.of("compile", "--dir", resDir.toString(), "-o", archive.toString());
  }

  /** Where the compiled resources of a library are kept between builds. */
  static Path compiledArchive(Path compiledDir, Library library) {
    return compiledDir.resolve(library.key() + ".zip");
  }

  /**
   * The compiled resource archives to link, lowest priority first: each library with resources in
   * the given (classpath) order, then the app's, so the app overrides any library's value.
   *
   * @param appArchive the app's compiled resources, or null when it has none
   */
  static List<Path> resourceArchives(List<Library> libraries, Path compiledDir, Path appArchive)
      throws IOException {
    List<Path> archives = new ArrayList<>();
    for (Library lib : libraries) {
      if (lib.hasResources()) {
        archives.add(compiledArchive(compiledDir, lib));
      }
    }
    if (appArchive != null) {
      archives.add(appArchive);
    }
    return archives;
  }

  /**
   * Links {@code archives} (see {@link #resourceArchives}) with {@code manifest} into {@code
   * output}, writing R classes into {@code javaDir}: the app's and, as AAR class jars hold none,
   * one for each package of {@code libraries}.
   *
   * @param assets the merged assets folder, or null when there are none
   * @param javaDir where the R classes go, or null for none
   * @param options further options, e.g. {@link #appOptions} or {@link #testOptions}
   */
  List<String> link(
      Path manifest,
      List<Path> archives,
      List<Library> libraries,
      Path assets,
      Path output,
      Path javaDir,
      List<String> options)
      throws IOException {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "link",
            "-I",
            platform.toString(),
            "--manifest",
            manifest.toString(),
            "-o",
            output.toString()));
    if (javaDir != null) {
      args.addAll(List.of("--java", javaDir.toString()));
    }
    args.addAll(
        List.of(
            // Libraries define resources the app's do not: add them instead of failing.
            "--auto-add-overlay",
            "--min-sdk-version",
            String.valueOf(minSdk),
            "--target-sdk-version",
            String.valueOf(targetSdk),
            "--version-code",
            String.valueOf(versionCode),
            "--version-name",
            versionName));
    Set<String> packages = new LinkedHashSet<>();
    for (Library lib : libraries) {
      packages.add(lib.packageName());
    }
    packages.remove(applicationId);
    if (!packages.isEmpty()) {
      args.add("--extra-packages");
      args.add(String.join(":", packages));
    }
    if (assets != null) {
      args.add("-A");
      args.add(assets.toString());
    }
    args.addAll(options);
    for (Path archive : archives) {
      args.add("-R");
      args.add(archive.toString());
    }
    return args;
  }

  /**
   * The options of the app's link: it assigns the resource ids ({@code resourceIds}) that the
   * tests' link reuses, and writes keep rules for the classes the manifest and layouts name.
   *
   * @param debuggable whether this is a debug build
   */
  static List<String> appOptions(Path resourceIds, Path keepRules, boolean debuggable) {
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--emit-ids", resourceIds.toString()));
    // Keep rules for the classes the manifest and layouts name (R8 in release builds).
    options.addAll(List.of("--proguard", keepRules.toString()));
    // Debian's aapt2 predates manifest elements such as <queries> and <property>; the platform
    // checks the manifest at install time, so validation problems are warnings here.
    options.add("--warn-manifest-validation");
    if (debuggable) {
      // android:debuggable="true": run-as and debuggers work on debug builds only.
      options.add("--debug-mode");
    }
    return options;
  }

  /** The options of the tests' link: the app's resource ids, so the app's classes stay valid. */
  static List<String> testOptions(Path resourceIds) {
    return List.of("--stable-ids", resourceIds.toString(), "--warn-manifest-validation");
  }
}
