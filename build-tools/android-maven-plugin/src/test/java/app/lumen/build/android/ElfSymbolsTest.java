package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.DexReferences.NativeMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Exported functions read from real libraries: ONNX Runtime's desktop JNI library (64-bit) and its
 * Android builds (both word sizes), whose classes' native methods are the independent reference.
 */
public class ElfSymbolsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String DESKTOP_JNI =
      "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";

  @Test
  public void desktopJniLibrary_exportsAnEntryPointForEveryNativeMethodOfItsClasses()
      throws Exception {
    Set<String> exports =
        ElfSymbols.exportedFunctions(TestInputs.entry(TestInputs.onnxRuntimeJvmJar(), DESKTOP_JNI));
    List<NativeMethod> natives = nativeMethods(TestInputs.onnxRuntimeJvmJar());
    assertTrue("natives found: " + natives.size(), natives.size() > 100);
    assertEquals(
        List.of(),
        JniCheck.problems(
            natives, "ai/onnxruntime/", "libonnxruntime4j_jni.so", Map.of("x86_64", exports)));
    // Functions only: no imports (undefined), nothing from the C library it links against.
    assertFalse(exports.contains("malloc"));
  }

  @Test
  public void androidLibraries_ofEveryAbi_haveAllEntryPoints_andAMissingOneIsNamed()
      throws Exception {
    Path aar = TestInputs.onnxRuntimeAar();
    Path classes =
        TestInputs.extract(aar, "classes.jar", tmp.getRoot().toPath().resolve("classes.jar"));
    List<NativeMethod> natives = nativeMethods(classes);
    Map<String, Set<String>> exports = new TreeMap<>();
    for (String abi : List.of("arm64-v8a", "armeabi-v7a", "x86", "x86_64")) {
      exports.put(
          abi,
          ElfSymbols.exportedFunctions(
              TestInputs.entry(aar, "jni/" + abi + "/libonnxruntime4j_jni.so")));
    }
    // The telemetry classes' natives live in libonnxruntime.so; the APK leaves those classes out.
    List<NativeMethod> shipped =
        natives.stream().filter(n -> !n.owner().startsWith("ai/onnxruntime/telemetry/")).toList();
    assertEquals(
        List.of(),
        JniCheck.problems(shipped, "ai/onnxruntime/", "libonnxruntime4j_jni.so", exports));

    Set<String> arm64 = new HashSet<>(exports.get("arm64-v8a"));
    arm64.remove("Java_ai_onnxruntime_OrtSession_run");
    List<String> problems =
        JniCheck.problems(
            shipped, "ai/onnxruntime/", "libonnxruntime4j_jni.so", Map.of("arm64-v8a", arm64));
    assertEquals(1, problems.size());
    assertTrue(
        problems.get(0),
        problems
            .get(0)
            .startsWith(
                "lib/arm64-v8a/libonnxruntime4j_jni.so lacks Java_ai_onnxruntime_OrtSession_run for ai.onnxruntime.OrtSession.run("));
  }

  @Test
  public void missingLibrary_isAProblem() {
    Map<String, Set<String>> exports = new TreeMap<>();
    exports.put("x86_64", null);
    List<NativeMethod> natives =
        List.of(new NativeMethod("ai/onnxruntime/OrtSession", "run", "()V"));
    assertEquals(
        List.of("lib/x86_64/libonnxruntime4j_jni.so missing"),
        JniCheck.problems(natives, "ai/onnxruntime/", "libonnxruntime4j_jni.so", exports));
  }

  @Test
  public void notAnElfFile_orTruncated_isRefused() throws Exception {
    assertThrows(IOException.class, () -> ElfSymbols.exportedFunctions(new byte[64]));
    byte[] real = TestInputs.entry(TestInputs.onnxRuntimeJvmJar(), DESKTOP_JNI);
    assertThrows(
        IOException.class,
        () -> ElfSymbols.exportedFunctions(Arrays.copyOf(real, real.length / 2)));
  }

  /** Native methods of a jar's classes, read with R8's tracer (independent of the ELF reader). */
  private List<NativeMethod> nativeMethods(Path jar) throws Exception {
    return new ArrayList<>(
        DexReferences.trace(
                List.of(jar),
                List.of(TestInputs.minSdkPlatform()),
                List.of(TestInputs.javaApi(tmp.newFolder().toPath())))
            .nativeMethods());
  }
}
