package app.lumen.build.android;

import app.lumen.build.android.DexReferences.Reference;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds references in an APK's dex that the oldest supported Android release cannot resolve.
 *
 * <p>Robolectric runs tests on the desktop JDK, where {@code java.lang.Record} and every newer Java
 * API exist, so only a check of the dex itself catches code that fails to load on an old phone. The
 * platform is modelled by the {@code android-all} jar of the minimum level (the framework) plus
 * stubs of the Java library of that level ({@link JavaApiStubs}).
 *
 * <p>Three kinds of missing references are told apart:
 *
 * <ul>
 *   <li>from the app's own classes: always a problem;
 *   <li>to the Java library (a class the JDK has but the phone lacks, such as {@code
 *       java.lang.Record} when d8's desugaring was undone): a problem from any class, since
 *       libraries do not guard these by API level; a library class known never to run on Android
 *       can be allowed by name;
 *   <li>from libraries to newer framework APIs or to optional libraries: counted, not failed.
 *       AndroidX calls newer APIs behind {@code Build.VERSION.SDK_INT} checks, which only a flow
 *       analysis such as Android Lint can verify.
 * </ul>
 *
 * <p>R8's output (release builds) is checked with two differences. R8 merges library classes into
 * the app's (the androidx activity into {@code MainActivity}) and inlines library methods into the
 * app's code, so the class a reference sits in no longer says whose code it is: framework
 * references are counted, not failed, and the app's own calls are held to the minimum level by the
 * same check of the debug build's dex (every {@code mvn verify}). And R8 itself turns atomic field
 * updaters into {@code sun.misc.Unsafe} calls, which ART provides but the Java API signature does
 * not list; those are R8's own rewrites for the minimum level it is given, so they pass.
 */
final class MinSdkCheck {
  /** Annotations d8 puts on synthesized classes; the runtime never loads them. */
  static final String D8_ANNOTATIONS = "com/android/tools/r8/annotations/";

  /** What R8's atomic field updater optimization calls instead of the updaters. */
  private static final String UNSAFE = "sun/misc/Unsafe";

  private final List<String> ownPackages;
  private final Set<String> allowedClasses;
  private final boolean shrunk;
  private final FileSystem jdk = FileSystems.getFileSystem(URI.create("jrt:/"));
  private final Map<String, Boolean> jdkClasses = new java.util.HashMap<>();

  /**
   * @param ownPackages internal-name prefixes of the app's own code ({@code app/lumen/})
   * @param allowedClasses library classes (internal names) whose Java library references are known
   *     never to run on Android
   */
  MinSdkCheck(List<String> ownPackages, Set<String> allowedClasses) {
    this(ownPackages, allowedClasses, false);
  }

  private MinSdkCheck(List<String> ownPackages, Set<String> allowedClasses, boolean shrunk) {
    this.ownPackages = List.copyOf(ownPackages);
    this.allowedClasses = Set.copyOf(allowedClasses);
    this.shrunk = shrunk;
  }

  /**
   * For R8's output; the references must name their classes as before shrinking ({@link
   * R8Mapping}), so that {@code allowedClasses} still match.
   */
  static MinSdkCheck forShrunkDex(Set<String> allowedClasses) {
    return new MinSdkCheck(List.of(), allowedClasses, true);
  }

  /** The outcome: problems (one line each) and how many guarded library references were seen. */
  record Result(List<String> problems, int unverifiedLibraryReferences) {}

  Result check(List<Reference> missing) {
    Map<String, Set<String>> problems = new TreeMap<>();
    int unverified = 0;
    for (Reference m : missing) {
      if (m.targetClass().startsWith(D8_ANNOTATIONS)
          || (shrunk && m.targetClass().equals(UNSAFE))) {
        continue;
      }
      boolean own = ownPackages.stream().anyMatch(m.fromClass()::startsWith);
      boolean javaLibrary = inJdk(m.targetClass());
      if (own || (javaLibrary && !allowedClasses.contains(outermost(m.fromClass())))) {
        problems
            .computeIfAbsent(m.target(), k -> new TreeSet<>())
            .add(m.fromClass().replace('/', '.'));
      } else {
        unverified++;
      }
    }
    List<String> lines = new ArrayList<>();
    problems.forEach(
        (target, from) ->
            lines.add(
                target
                    + " is missing at the minimum API level; used by "
                    + String.join(", ", from.stream().limit(3).toList())
                    + (from.size() > 3 ? " and " + (from.size() - 3) + " more" : "")));
    return new Result(lines, unverified);
  }

  private boolean inJdk(String internalName) {
    return jdkClasses.computeIfAbsent(internalName, this::findInJdk);
  }

  private boolean findInJdk(String internalName) {
    String entry = internalName + ".class";
    try (var modules = Files.list(jdk.getPath("/modules"))) {
      return modules.anyMatch(module -> Files.exists(module.resolve(entry)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Nested and synthesized classes ({@code A$1}, {@code A$$Lambda}) belong to their outer class.
   */
  private static String outermost(String internalName) {
    int dollar = internalName.indexOf('$');
    return dollar < 0 ? internalName : internalName.substring(0, dollar);
  }
}
