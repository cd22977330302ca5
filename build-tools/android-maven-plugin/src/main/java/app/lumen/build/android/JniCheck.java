package app.lumen.build.android;

import app.lumen.build.android.DexReferences.NativeMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every {@code native} method of the given classes has its JNI entry point in the
 * library that implements them, for every ABI the APK ships.
 *
 * <p>ART finds {@code Java_<class>_<method>} by name when the method is first called; a missing one
 * is an {@link UnsatisfiedLinkError} in the middle of a chat. Libraries that register their methods
 * in {@code JNI_OnLoad} instead cannot be checked this way and are not listed.
 */
final class JniCheck {
  private JniCheck() {}

  /**
   * @param natives every native method of the APK's dex
   * @param classPrefix internal-name prefix of the classes implemented by the library ({@code
   *     ai/onnxruntime/})
   * @param library the library's file name ({@code libonnxruntime4j_jni.so})
   * @param exportsByAbi for each packaged ABI, the functions that ABI's copy exports, or null when
   *     the ABI lacks the library
   */
  static List<String> problems(
      List<NativeMethod> natives,
      String classPrefix,
      String library,
      Map<String, Set<String>> exportsByAbi) {
    List<String> problems = new ArrayList<>();
    List<NativeMethod> checked =
        natives.stream().filter(n -> n.owner().startsWith(classPrefix)).toList();
    if (checked.isEmpty()) {
      problems.add("no native methods in " + classPrefix.replace('/', '.') + " to check");
    }
    exportsByAbi.forEach(
        (abi, exports) -> {
          if (exports == null) {
            problems.add("lib/" + abi + "/" + library + " missing");
            return;
          }
          for (NativeMethod n : checked) {
            if (JniNames.of(n.owner(), n.name(), n.descriptor()).stream()
                .noneMatch(exports::contains)) {
              problems.add(
                  "lib/"
                      + abi
                      + "/"
                      + library
                      + " lacks "
                      + JniNames.of(n.owner(), n.name(), n.descriptor()).get(0)
                      + " for "
                      + n.owner().replace('/', '.')
                      + "."
                      + n.name()
                      + n.descriptor());
            }
          }
        });
    return problems;
  }
}
