package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * R8 with the app's rules over a small program that uses ONNX Runtime: everything native code
 * reaches by name must come through under its original name, and the release check must say so.
 */
public class KeptNamesCheckTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String ORT_RULE = "-keep class ai.onnxruntime.** { *; }";

  /** Uses a few classes the way the engine does; the rest of ONNX Runtime is unused by Java. */
  private static final String MAIN =
      "package app; import ai.onnxruntime.*; public class Main {"
          + " public static void main(String[] a) throws Exception {"
          + "  OrtEnvironment env = OrtEnvironment.getEnvironment();"
          + "  try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();"
          + "       OnnxTensor t = OnnxTensor.createTensor(env, new float[] {1f})) {"
          + "   options.setIntraOpNumThreads(Helper.threads());"
          + "   System.out.println(t.getInfo());"
          + "  } } }";

  private static final String HELPER =
      "package app; class Helper { static int threads() {"
          + " return Runtime.getRuntime().availableProcessors(); } }";

  /**
   * R8 over the program and ONNX Runtime's classes with {@code appRules}, plus a keep for the
   * test's entry point (aapt2 keeps the app's).
   */
  private List<Path> shrink(Path onnxRuntime, String appRules) throws Exception {
    Path app =
        TestInputs.compile(
            Map.of("app/Main.java", MAIN, "app/Helper.java", HELPER),
            List.of(onnxRuntime),
            tmp.getRoot().toPath().resolve("app.jar"));
    Path work = tmp.newFolder("r8").toPath();
    TestInputs.shrink(
        work,
        List.of(app, onnxRuntime),
        List.of(),
        appRules + "\n-keep class app.Main { public static void main(java.lang.String[]); }\n");
    return TestInputs.dexFiles(work.resolve("dex"));
  }

  private Path desktopOnnxRuntime() throws Exception {
    return TestInputs.classesOnly(
        TestInputs.onnxRuntimeJvmJar(), tmp.getRoot().toPath().resolve("onnxruntime.jar"));
  }

  @Test
  public void appRules_keepOnnxRuntimeWhole_whileTheAppIsShrunk() throws Exception {
    String appRules = Files.readString(TestInputs.appKeepRules());
    assertTrue(appRules.contains(ORT_RULE));
    Path ort = desktopOnnxRuntime();

    List<Path> dex = shrink(ort, appRules);

    KeptNamesCheck.Result result = KeptNamesCheck.check(dex, ort, new ClassFilter(List.of()));
    assertEquals(List.of(), result.problems());
    assertTrue(result.classes() + " classes", result.classes() > 50);
    assertTrue(result.members() + " members", result.members() > 500);
    assertFalse(
        "R8 did shrink the app: Helper was inlined",
        KeptNamesCheck.definitions(dex).containsKey("app/Helper"));
  }

  /** The planted case: R8 without the ONNX Runtime rule breaks what only native code uses. */
  @Test
  public void withoutTheOnnxRuntimeRule_theCheckNamesWhatR8RenamedOrRemoved() throws Exception {
    String appRules = Files.readString(TestInputs.appKeepRules());
    assertTrue(appRules.contains(ORT_RULE));
    Path ort = desktopOnnxRuntime();

    List<Path> dex = shrink(ort, appRules.replace(ORT_RULE, ""));

    List<String> problems = KeptNamesCheck.check(dex, ort, new ClassFilter(List.of())).problems();
    // Built by the JNI library when a run returns a tensor; Java never calls it.
    assertTrue(
        problems.stream().collect(Collectors.joining("\n")),
        problems.contains(
            "ai.onnxruntime.OnnxTensor.<init>(JJLai/onnxruntime/TensorInfo;)V: not in the dex"
                + " under this name and descriptor (renamed, removed or changed by R8)"));
    // Found with FindClass and thrown by the JNI library for every error status.
    assertTrue(
        problems.contains(
            "ai.onnxruntime.OrtException: not in the dex under this name (renamed or removed by R8)"));
  }
}
