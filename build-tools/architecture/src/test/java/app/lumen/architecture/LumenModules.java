package app.lumen.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modules whose compiled classes the checks read, each with its {@code target/classes} and
 * {@code target/test-classes}. A class belongs to the module whose folder it was compiled into, so
 * the table needs no package list; {@link ModuleBoundariesTest} checks that it names every module
 * of the reactor.
 *
 * <p>Not thread-safe; each test builds its own.
 */
final class LumenModules {
  /** Modules that run on Android and on the desktop: no Android API in them. */
  static final List<String> PURE_JAVA =
      List.of(
          "model-package",
          "vision-encoder",
          "model-downloader",
          "inference-android",
          "inference-testing",
          "testkit",
          "cli");

  /**
   * The Android app. Read only when compiled: it is no dependency of this module (an APK is no
   * jar), so a build of this module alone ({@code -pl build-tools/architecture -am}) does not
   * compile it, while the full build lists this module after the app.
   */
  static final String APP = "app";

  /** Reactor modules without classes of the product, and why they are not read. */
  static final Map<String, String> NOT_CHECKED =
      Map.of(
          "build-tools/android-deps", "Python dependency lock, no Java classes",
          "build-tools/android-maven-plugin", "build plugin, not part of the product",
          "build-tools/architecture", "these checks",
          "app/deps/runtime-lock", "dependency list, no classes",
          "app/deps/test-lock", "dependency list, no classes");

  /** A package up to its first {@code internal} segment: {@code app.lumen.vision.internal}. */
  private static final Pattern INTERNAL_ROOT =
      Pattern.compile("^(app\\.lumen\\..*?\\.internal)(\\..*)?$");

  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

  private final Path root;
  private final Map<String, JavaClasses> classes = new LinkedHashMap<>();

  private LumenModules(Path root) {
    this.root = root;
  }

  /**
   * Reads every module's classes below {@code root} (the repository). Throws {@link
   * IllegalStateException} when a pure-Java module has not been compiled.
   */
  static LumenModules read(Path root) {
    LumenModules modules = new LumenModules(root);
    for (String module : PURE_JAVA) {
      modules.classes.put(module, modules.importModule(module, true));
    }
    if (Files.isDirectory(root.resolve(APP).resolve("target/classes"))) {
      modules.classes.put(APP, modules.importModule(APP, false));
    }
    return modules;
  }

  /** The repository root, from the {@code lumen.root} system property Maven sets. */
  static Path repositoryRoot() {
    String root = System.getProperty("lumen.root");
    if (root == null) {
      throw new IllegalStateException("run through Maven: the lumen.root property is not set");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  /** The modules read, in reactor order, each with its main and test classes. */
  Map<String, JavaClasses> classes() {
    return classes;
  }

  /** The {@code app.lumen.….internal} package enclosing {@code packageName}, if any. */
  static Optional<String> internalRoot(String packageName) {
    Matcher m = INTERNAL_ROOT.matcher(packageName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The internal packages (roots, see {@link #internalRoot}) that {@code module}'s classes live in.
   */
  Set<String> internalPackagesOf(String module) {
    Set<String> owned = new TreeSet<>();
    for (JavaClass c : classes.get(module)) {
      internalRoot(c.getPackageName()).ifPresent(owned::add);
    }
    return owned;
  }

  /** The {@code <module>} entries of the root pom. */
  List<String> reactorModules() throws java.io.IOException {
    List<String> modules = new ArrayList<>();
    Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
    while (m.find()) {
      modules.add(m.group(1).trim());
    }
    return modules;
  }

  private JavaClasses importModule(String module, boolean required) {
    Path target = root.resolve(module).resolve("target");
    List<Path> dirs = new ArrayList<>();
    for (String dir : List.of("classes", "test-classes")) {
      Path path = target.resolve(dir);
      if (Files.isDirectory(path)) {
        dirs.add(path);
      } else if (required && Files.isDirectory(sourcesOf(module, dir))) {
        throw new IllegalStateException(
            path + " is missing: compile " + module + " (main and test) before these checks");
      }
    }
    return new ClassFileImporter().importPaths(dirs);
  }

  private Path sourcesOf(String module, String classesDir) {
    return root.resolve(module).resolve(classesDir.equals("classes") ? "src/main" : "src/test");
  }
}
