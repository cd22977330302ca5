package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.AndroidLibraries.Library;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What the resources goal hands to {@code aapt2 compile} and {@code aapt2 link}, argument by
 * argument: the platform, each library's resources and package, the app's resources last.
 */
public class Aapt2LinkArgumentsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String VALUES = "res/values/values.xml";
  private static final String STRINGS = "<resources><string name=\"s\">x</string></resources>";

  private final Path platform = Path.of("/sdk/android-all.jar");
  private final Path compiled = Path.of("/build/compiled-res");
  private final Path app = Path.of("/build/compiled-res/app.zip");
  private final Aapt2LinkArguments arguments =
      new Aapt2LinkArguments(platform, "app.demo", 29, 35, 7, "1.2.3");

  private Library core;
  private Library material;
  private Library annotations;
  private Library uiTestManifest;

  @Before
  public void libraries() throws Exception {
    core = aar("core", "androidx.core", false, Map.of(VALUES, STRINGS));
    material = aar("material", "com.google.android.material", false, Map.of(VALUES, STRINGS));
    // Classes and a manifest only, as androidx.annotation-experimental ships.
    annotations = aar("annotations", "androidx.annotation.experimental", false, Map.of());
    uiTestManifest = aar("ui-test-manifest", "androidx.compose.ui.test.manifest", true, Map.of());
  }

  private Library aar(String artifactId, String pkg, boolean testOnly, Map<String, String> files)
      throws Exception {
    Map<String, String> withManifest = new java.util.HashMap<>(files);
    withManifest.put("AndroidManifest.xml", "<manifest package=\"" + pkg + "\"/>");
    return TestInputs.aar(tmp.newFolder(artifactId).toPath(), artifactId, testOnly, withManifest);
  }

  private Path archive(String artifactId) {
    return compiled.resolve("lumen.test_" + artifactId + "_1.0.zip");
  }

  @Test
  public void compile_takesAWholeResourceFolder() {
    assertEquals(
        List.of("compile", "--dir", "/lib/res", "-o", "/build/lib.zip"),
        Aapt2LinkArguments.compile(Path.of("/lib/res"), Path.of("/build/lib.zip")));
  }

  @Test
  public void archives_librariesWithResourcesInClasspathOrder_thenTheAppsLast() throws Exception {
    assertEquals(
        List.of(archive("material"), archive("core"), app),
        Aapt2LinkArguments.resourceArchives(
            List.of(material, annotations, core, uiTestManifest), compiled, app));
  }

  @Test
  public void archives_withoutAppResources_areTheLibrariesOnly() throws Exception {
    assertEquals(
        List.of(archive("core")),
        Aapt2LinkArguments.resourceArchives(List.of(core), compiled, null));
  }

  @Test
  public void libraryWithOnlyEmptyResourceFolders_isSkipped() throws Exception {
    Library empty = aar("empty", "lib.empty", false, Map.of());
    tmp.newFolder("empty", "res", "values");
    assertFalse(empty.hasResources());
    assertEquals(List.of(app), Aapt2LinkArguments.resourceArchives(List.of(empty), compiled, app));
  }

  @Test
  public void link_fullArgumentList() throws Exception {
    List<Path> archives = List.of(archive("core"), archive("material"), app);
    List<String> args =
        arguments.link(
            Path.of("/build/AndroidManifest.xml"),
            archives,
            List.of(core, material, annotations),
            Path.of("/build/assets"),
            Path.of("/build/resources.ap_"),
            Path.of("/build/r"),
            List.of("--warn-manifest-validation"));

    assertEquals(
        List.of(
            "link",
            "-I",
            "/sdk/android-all.jar",
            "--manifest",
            "/build/AndroidManifest.xml",
            "-o",
            "/build/resources.ap_",
            "--java",
            "/build/r",
            "--auto-add-overlay",
            "--min-sdk-version",
            "29",
            "--target-sdk-version",
            "35",
            "--version-code",
            "7",
            "--version-name",
            "1.2.3",
            "--extra-packages",
            "androidx.core:com.google.android.material:androidx.annotation.experimental",
            "-A",
            "/build/assets",
            "--warn-manifest-validation",
            "-R",
            archive("core").toString(),
            "-R",
            archive("material").toString(),
            "-R",
            app.toString()),
        args);
  }

  @Test
  public void extraPackages_leaveOutTheAppsPackage_andRepeats() throws Exception {
    Library sameAsApp = aar("app-extension", "app.demo", false, Map.of());
    Library coreAgain = aar("core-ktx", "androidx.core", false, Map.of());
    List<String> args =
        arguments.link(
            Path.of("m.xml"),
            List.of(),
            List.of(core, sameAsApp, coreAgain, material),
            null,
            Path.of("o.ap_"),
            Path.of("r"),
            List.of());

    assertEquals(
        "androidx.core:com.google.android.material",
        args.get(args.indexOf("--extra-packages") + 1));
  }

  @Test
  public void noLibraries_noAssets_noExtraPackagesOrAssetFolder() throws Exception {
    List<String> args =
        arguments.link(
            Path.of("m.xml"),
            List.of(app),
            List.of(),
            null,
            Path.of("o.ap_"),
            Path.of("r"),
            List.of());

    assertFalse(args.toString(), args.contains("--extra-packages"));
    assertFalse(args.toString(), args.contains("-A"));
    assertEquals(List.of("-R", app.toString()), args.subList(args.size() - 2, args.size()));
  }

  /** The test APK's link: its libraries' classes use no resource ids, so no R classes. */
  @Test
  public void link_withoutJavaDir_writesNoRClasses() throws Exception {
    List<String> args =
        arguments.link(
            Path.of("m.xml"), List.of(app), List.of(), null, Path.of("o.ap_"), null, List.of());

    assertFalse(args.toString(), args.contains("--java"));
    assertEquals(List.of("-o", "o.ap_", "--auto-add-overlay"), args.subList(5, 8));
  }

  @Test
  public void appOptions_assignIds_writeKeepRules_andDebugModeOnlyForDebugBuilds() {
    Path ids = Path.of("/build/ids.txt");
    Path rules = Path.of("/build/rules.pro");
    List<String> release =
        List.of(
            "--emit-ids",
            "/build/ids.txt",
            "--proguard",
            "/build/rules.pro",
            "--warn-manifest-validation");
    assertEquals(release, Aapt2LinkArguments.appOptions(ids, rules, false));
    List<String> debug = new ArrayList<>(release);
    debug.add("--debug-mode");
    assertEquals(debug, Aapt2LinkArguments.appOptions(ids, rules, true));
  }

  @Test
  public void testOptions_reuseTheAppsIds_andAreNeverDebugOnly() {
    List<String> options = Aapt2LinkArguments.testOptions(Path.of("/build/ids.txt"));
    assertEquals(List.of("--stable-ids", "/build/ids.txt", "--warn-manifest-validation"), options);
    assertTrue(options.toString(), !options.contains("--emit-ids"));
  }
}
