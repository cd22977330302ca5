package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.TestApkCheck.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A small app and its test APK, linked by aapt2, dexed by d8, written by {@link TestApkWriter} and
 * signed as the build does: what makes the test APK fit or not fit the app.
 */
public class TestApkCheckTest {
  @ClassRule public static final TemporaryFolder APP_DIR = new TemporaryFolder();
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String RUNNER = "androidx.test.runner.AndroidJUnitRunner";
  private static final Instrumentation EXPECTED =
      new Instrumentation("app.demo.test", RUNNER, "app.demo");
  private static final Map<String, String> APP =
      Map.of(
          // Lambdas: d8 (debug) adds its LambdaMethod annotation type to both APKs' dex.
          "app/demo/Main.java",
          "package app.demo; public class Main { lib.Shared s; Runnable r = () -> {}; }",
          "lib/Shared.java",
          "package lib; public class Shared {}");
  private static final Map<String, String> TESTS =
      Map.of(
          "app/demo/MainTest.java",
          "package app.demo; public class MainTest { Main m; lib.Shared s; Runnable r = () -> {}; }",
          "androidx/test/runner/AndroidJUnitRunner.java",
          "package androidx.test.runner; public class AndroidJUnitRunner {}");
  private static final Set<String> TEST_CLASSES = Set.of("app/demo/MainTest");

  // Built once: the key (keytool) and the app's dex take seconds.
  private static Path keystore;
  private static Path appJar;
  private static Path appApk;
  private static Set<String> appClasses;

  @BeforeClass
  public static void buildTheApp() throws Exception {
    Path dir = APP_DIR.getRoot().toPath();
    keystore = dir.resolve("debug.keystore");
    Path manifest =
        Files.writeString(
            dir.resolve("AppManifest.xml"),
            "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\""
                + " package=\"app.demo\"><application/></manifest>");
    appJar = TestInputs.compile(APP, List.of(), dir.resolve("app.jar"));
    appApk = apk(Files.createDirectory(dir.resolve("apk")), manifest, appJar, List.of(), keystore);
    appClasses = DexClasses.ofApk(appApk.toFile());
  }

  @Test
  public void testApkOfTheTestsAndRunnerOnly_fitsTheApp() throws Exception {
    Path testApk = testApk("app.demo", TESTS, List.of(), keystore);
    assertEquals(
        List.of(),
        TestApkCheck.problems(
            testApk.toFile(), appApk.toFile(), EXPECTED, TEST_CLASSES, appClasses));
    // Signed, aligned and debuggable like any debug APK; no natives.
    assertEquals(List.of(), ApkCheck.problems(testApk.toFile(), 29, List.of(), true));
    Set<String> classes = DexClasses.ofApk(testApk.toFile());
    assertTrue(classes.toString(), classes.contains("app/demo/MainTest"));
    assertTrue(classes.toString(), classes.contains("androidx/test/runner/AndroidJUnitRunner"));
    assertTrue(
        "d8's annotation type is in both, and allowed: " + classes,
        classes.contains("com/android/tools/r8/annotations/LambdaMethod")
            && appClasses.contains("com/android/tools/r8/annotations/LambdaMethod"));
  }

  @Test
  public void aClassInBothApks_fails() throws Exception {
    Map<String, String> sources = new java.util.HashMap<>(TESTS);
    sources.put("lib/Shared.java", APP.get("lib/Shared.java"));
    Path testApk = testApk("app.demo", sources, List.of(), keystore);
    assertEquals(
        List.of("1 classes are defined in both APKs, e.g. lib/Shared"),
        TestApkCheck.problems(
            testApk.toFile(), appApk.toFile(), EXPECTED, TEST_CLASSES, appClasses));
  }

  @Test
  public void anotherKey_fails() throws Exception {
    Path testApk =
        testApk("app.demo", TESTS, List.of(), tmp.getRoot().toPath().resolve("other.keystore"));
    List<String> problems =
        TestApkCheck.problems(
            testApk.toFile(), appApk.toFile(), EXPECTED, TEST_CLASSES, appClasses);
    assertEquals(problems.toString(), 1, problems.size());
    assertTrue(problems.get(0), problems.get(0).endsWith(": Android refuses to run it"));
  }

  @Test
  public void instrumentingAnotherPackage_orMissingTestsAndRunner_fail() throws Exception {
    Path testApk =
        testApk(
            "app.other",
            Map.of("app/demo/Other.java", "package app.demo; public class Other {}"),
            List.of(),
            keystore);
    assertEquals(
        List.of(
            "AndroidManifest.xml: expected "
                + EXPECTED
                + ", found ["
                + new Instrumentation("app.demo.test", RUNNER, "app.other")
                + "]",
            "androidx.test.runner.AndroidJUnitRunner is not in the dex",
            "app.demo.MainTest is not in the dex"),
        TestApkCheck.problems(
            testApk.toFile(), appApk.toFile(), EXPECTED, TEST_CLASSES, appClasses));
  }

  @Test
  public void javaResourcesOfTheJars_areWritten_signaturesAndClassesNot() throws Exception {
    Path jar = tmp.getRoot().toPath().resolve("resources.jar");
    try (AlignedZipWriter w = new AlignedZipWriter(jar)) {
      w.deflated("META-INF/services/kotlinx.coroutines.CoroutineExceptionHandler", new byte[] {1});
      w.deflated("META-INF/MANIFEST.MF", new byte[] {2});
      w.deflated("META-INF/TEST.SF", new byte[] {3});
      w.deflated("lib/Ignored.class", new byte[] {4});
    }
    Path testApk = testApk("app.demo", TESTS, List.of(jar), keystore);
    try (var zip = new java.util.zip.ZipFile(testApk.toFile())) {
      assertEquals(
          List.of(
              "AndroidManifest.xml",
              "resources.arsc",
              "classes.dex",
              "META-INF/services/kotlinx.coroutines.CoroutineExceptionHandler"),
          zip.stream().map(java.util.zip.ZipEntry::getName).toList());
    }
  }

  @Test
  public void aLibraryReadingItsResourcesById_fails() {
    List<DexReferences.Reference> missing =
        List.of(
            new DexReferences.Reference(
                "androidx.test.core.R$style.WhiteBackgroundTheme:I",
                "androidx/test/core/R$style",
                "androidx/test/core/app/Bootstrap",
                null),
            new DexReferences.Reference(
                "androidx.test.core.R", "androidx/test/core/R", "androidx/test/core/app/X", null),
            new DexReferences.Reference(
                "android.window.OnBackInvokedCallback",
                "android/window/OnBackInvokedCallback",
                "androidx/test/core/app/Rx",
                null));
    assertEquals(
        List.of(
            "androidx.test.core.R is missing (the test APK has no R classes); used by"
                + " androidx.test.core.app.X",
            "androidx.test.core.R$style is missing (the test APK has no R classes); used by"
                + " androidx.test.core.app.Bootstrap"),
        TestApkCheck.missingRClasses(missing));
  }

  /** A test APK of the sources, compiled against the app. */
  private Path testApk(String targetPackage, Map<String, String> sources, List<Path> jars, Path key)
      throws Exception {
    Path manifest =
        Files.writeString(
            tmp.newFile().toPath(), TestManifest.xml("app.demo.test", targetPackage, RUNNER));
    Path classes =
        TestInputs.compile(sources, List.of(appJar), tmp.newFolder().toPath().resolve("tests.jar"));
    return apk(tmp.newFolder().toPath(), manifest, classes, jars, key);
  }

  /** Links the manifest, dexes the classes, writes the APK with the jars' resources, signs it. */
  private static Path apk(Path dir, Path manifest, Path classes, List<Path> jars, Path key)
      throws Exception {
    Path linked = TestInputs.link(manifest, dir.resolve("resources.ap_"), "--debug-mode");
    DexCache cache = new DexCache(dir.resolve("cache"), Long.MAX_VALUE);
    try (Dexer dexer = new Dexer(cache, TestInputs.minSdkPlatform(), 29, false)) {
      dexer.dex(classes, List.of(), dir.resolve("dex"));
    }
    Path unsigned = dir.resolve("unsigned.apk");
    TestApkWriter.write(unsigned, linked, dir.resolve("dex"), jars);
    Path signed = dir.resolve("signed.apk");
    ApkSigning.debugKey(key).sign(unsigned.toFile(), signed.toFile(), 29);
    return signed;
  }
}
