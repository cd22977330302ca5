package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.DexReferences.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Which references to things a phone on API 29 lacks fail the build: any from the app's own code,
 * Java library ones from anywhere (unless allowed), and not a library's guarded framework calls.
 */
public class MinSdkCheckTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path platform;
  private Path javaApi;
  private Path newFramework;

  @Before
  public void setUp() throws Exception {
    platform = TestInputs.minSdkPlatform();
    javaApi = TestInputs.javaApi(tmp.newFolder().toPath());
    // A framework interface of a later level (Android 13's OnBackInvokedCallback), on the compile
    // classpath only: the APK does not carry it, as it does not carry the framework.
    newFramework =
        TestInputs.compile(
            Map.of(
                "android/window/OnBackInvokedCallback.java",
                "package android.window; public interface OnBackInvokedCallback { void onBackInvoked(); }"),
            List.of(),
            tmp.getRoot().toPath().resolve("framework-33.jar"));
  }

  @Test
  public void ownCode_usingANewerJavaApi_orANewerFrameworkType_fails() throws Exception {
    List<String> problems =
        problems(
            Map.of(
                "app/lumen/demo/Hex.java",
                "package app.lumen.demo; public class Hex { public static String of(byte[] b) {"
                    + " return java.util.HexFormat.of().formatHex(b); } }",
                "app/lumen/demo/Back.java",
                "package app.lumen.demo; public class Back implements android.window.OnBackInvokedCallback {"
                    + " public void onBackInvoked() {} }"),
            Set.of());
    assertTrue(
        problems.toString(),
        problems.contains(
            "java.util.HexFormat is missing at the minimum API level; used by app.lumen.demo.Hex"));
    assertTrue(
        problems.toString(),
        problems.contains(
            "android.window.OnBackInvokedCallback is missing at the minimum API level; used by app.lumen.demo.Back"));
  }

  @Test
  public void libraryCode_failsOnJavaLibraryGaps_unlessAllowed_butNotOnGuardedFrameworkCalls()
      throws Exception {
    Map<String, String> library =
        Map.of(
            "lib/Hex.java",
            "package lib; public class Hex { public static String of(byte[] b) {"
                + " return java.util.HexFormat.of().formatHex(b); } }",
            "lib/Back.java",
            "package lib; public class Back implements android.window.OnBackInvokedCallback {"
                + " public void onBackInvoked() {} }");
    List<String> problems = problems(library, Set.of());
    assertEquals(
        List.of(
            "java.util.HexFormat is missing at the minimum API level; used by lib.Hex",
            "java.util.HexFormat.formatHex([B)Ljava/lang/String; is missing at the minimum API level; used by lib.Hex",
            "java.util.HexFormat.of()Ljava/util/HexFormat; is missing at the minimum API level; used by lib.Hex"),
        problems);
    assertEquals(List.of(), problems(library, Set.of("lib/Hex")));
  }

  @Test
  public void codeWithinTheMinimumLevel_passes() throws Exception {
    assertEquals(
        List.of(),
        problems(
            Map.of(
                "app/lumen/demo/Ok.java",
                "package app.lumen.demo; import java.util.*; public class Ok {"
                    + " public static String f(android.content.Context c, List<String> l) {"
                    + " return c.getPackageName() + String.join(\",\", new ArrayList<>(l)); } }"),
            Set.of()));
  }

  /**
   * R8 merges and inlines library code into the app's classes and renames the rest: references are
   * named by their original class (the mapping), framework ones are counted, and R8's own {@code
   * Unsafe} calls pass.
   */
  @Test
  public void shrunkDex_javaGapsNameTheOriginalClass_frameworkCallsAreCounted_unsafeIsR8s()
      throws Exception {
    Path mapping =
        Files.writeString(
            tmp.getRoot().toPath().resolve("mapping.txt"),
            String.join(
                "\n",
                "# compiler: R8",
                "lib.Hex -> a:",
                "# {\"id\":\"sourceFile\",\"fileName\":\"Hex.java\"}",
                "    1:1:java.lang.String of(byte[]):3:3 -> a",
                "app.lumen.app.MainActivity -> app.lumen.app.MainActivity:",
                "    3:5:void androidx.activity.ComponentActivity.onBack():10:10 -> b",
                "kotlinx.coroutines.scheduling.CoroutineScheduler -> nz:",
                ""));
    List<Reference> missing =
        List.of(
            // ComponentActivity's code, merged into MainActivity by R8.
            new Reference(
                "android.window.OnBackInvokedCallback",
                "android/window/OnBackInvokedCallback",
                "app/lumen/app/MainActivity",
                null),
            new Reference(
                "sun.misc.Unsafe.getAndSetObject(Ljava/lang/Object;JLjava/lang/Object;)"
                    + "Ljava/lang/Object;",
                "sun/misc/Unsafe",
                "nz",
                null),
            new Reference("java.util.HexFormat", "java/util/HexFormat", "a", null));
    List<Reference> named = R8Mapping.read(mapping).original(missing);

    MinSdkCheck.Result result = MinSdkCheck.forShrunkDex(Set.of()).check(named);
    assertEquals(
        List.of("java.util.HexFormat is missing at the minimum API level; used by lib.Hex"),
        result.problems());
    assertEquals(1, result.unverifiedLibraryReferences());
    assertEquals(List.of(), MinSdkCheck.forShrunkDex(Set.of("lib/Hex")).check(named).problems());
  }

  private List<String> problems(Map<String, String> sources, Set<String> allowed) throws Exception {
    Path jar =
        TestInputs.compile(
            sources, List.of(platform, newFramework), tmp.newFolder().toPath().resolve("code.jar"));
    // Checked as dex, as in the APK: d8 desugars what javac leaves (string concatenation).
    Path dex = tmp.newFolder().toPath().resolve("dex");
    DexCache cache = new DexCache(tmp.newFolder().toPath(), Long.MAX_VALUE);
    try (Dexer dexer = new Dexer(cache, platform, 29, false)) {
      dexer.dex(jar, List.of(), dex);
    }
    List<Path> dexFiles;
    try (var files = java.nio.file.Files.list(dex)) {
      dexFiles = files.toList();
    }
    return new MinSdkCheck(List.of("app/lumen/"), allowed)
        .check(DexReferences.trace(dexFiles, List.of(platform), List.of(javaApi)).missing())
        .problems();
  }
}
