package app.lumen.build.android;

import app.lumen.build.android.DexReferences.Reference;
import com.android.tools.r8.CompilationFailedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that two builds of one library offer, alike, every part of its API that the app uses.
 *
 * <p>The engine compiles and runs its tests against ONNX Runtime's desktop jar, while the APK ships
 * the Android library's classes. Both come from one source release, but nothing else guarantees it;
 * a method the engine calls that the shipped classes lack (or declare static where the desktop has
 * an instance method) fails only on a phone, with {@code NoSuchMethodError}.
 */
final class SameApiCheck {
  private SameApiCheck() {}

  /**
   * @param users jars of the code that uses the library (the app and its other dependencies)
   * @param packagePrefix internal-name prefix of the library's API ({@code ai/onnxruntime/})
   * @param compiled the jar the users were compiled and tested against
   * @param shipped the jar whose classes the APK carries
   * @param libraries the rest of the world (platform, JDK) so that no other reference is traced
   */
  static List<String> problems(
      List<Path> users, String packagePrefix, Path compiled, Path shipped, List<Path> libraries)
      throws CompilationFailedException {
    Map<String, String> inCompiled = used(users, packagePrefix, compiled, libraries);
    Map<String, String> inShipped = used(users, packagePrefix, shipped, libraries);
    List<String> problems = new ArrayList<>();
    if (inCompiled.isEmpty()) {
      problems.add("no use of " + packagePrefix.replace('/', '.') + " found to compare");
    }
    inCompiled.forEach(
        (target, compiledModifiers) -> {
          String shippedModifiers = inShipped.get(target);
          if (shippedModifiers == null) {
            problems.add(target + ": used by the app, missing from " + shipped.getFileName());
          } else if (!shippedModifiers.equals(compiledModifiers)) {
            problems.add(
                target
                    + ": "
                    + compiledModifiers
                    + " in "
                    + compiled.getFileName()
                    + " but "
                    + shippedModifiers
                    + " in "
                    + shipped.getFileName());
          }
        });
    return problems;
  }

  /** Each used member or class of the library that {@code jar} defines, with its modifiers. */
  private static Map<String, String> used(
      List<Path> users, String packagePrefix, Path jar, List<Path> libraries)
      throws CompilationFailedException {
    Map<String, String> used = new TreeMap<>();
    for (Reference r : DexReferences.trace(users, List.of(jar), libraries).references()) {
      if (!r.isMissing()
          && r.targetClass().startsWith(packagePrefix)
          && !r.fromClass().startsWith(packagePrefix)) {
        used.put(r.target(), r.modifiers());
      }
    }
    return used;
  }
}
