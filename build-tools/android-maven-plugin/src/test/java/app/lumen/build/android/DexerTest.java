package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.OutputMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Records in the app and in a cached library jar, dexed for minSdk 29 and checked the way {@code
 * verify-apk} checks an APK. Android has {@code java.lang.Record} only from API 34.
 */
public class DexerTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path platform;
  private Path javaApi;
  private Path appJar;
  private Path libraryJar;

  @Before
  public void compileRecords() throws Exception {
    platform = TestInputs.minSdkPlatform();
    javaApi = TestInputs.javaApi(tmp.newFolder().toPath());
    appJar =
        TestInputs.compile(
            Map.of(
                "app/lumen/demo/Point.java",
                "package app.lumen.demo; public record Point(int x, int y) {}"),
            List.of(),
            tmp.getRoot().toPath().resolve("app.jar"));
    libraryJar =
        TestInputs.compile(
            Map.of("lib/Pair.java", "package lib; public record Pair(String a, String b) {}"),
            List.of(),
            tmp.getRoot().toPath().resolve("lib.jar"));
  }

  @Test
  public void recordsInAppAndCachedLibrary_loadAtApi29() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("dex");
    DexCache cache = new DexCache(tmp.newFolder("cache").toPath(), Long.MAX_VALUE);
    try (Dexer dexer = new Dexer(cache, platform, 29, false)) {
      dexer.dex(appJar, List.of(libraryJar), out);
    }
    assertEquals(List.of(), minSdkProblems(dexFiles(out)));
  }

  /** What the build did before: per-jar dex merged without the global synthetics descriptions. */
  @Test
  public void mergeWithoutGlobalSynthetics_isCaughtByTheCheck() throws Exception {
    Path intermediate = tmp.newFolder("intermediate").toPath();
    D8.run(
        base()
            .addProgramFiles(libraryJar)
            .setIntermediate(true)
            .setGlobalSyntheticsConsumer((data, context, handler) -> {})
            .setOutput(intermediate, OutputMode.DexIndexed)
            .build());
    Path merged = tmp.newFolder("merged").toPath();
    D8.run(
        base()
            .addProgramFiles(dexFiles(intermediate))
            .setOutput(merged, OutputMode.DexIndexed)
            .build());

    List<String> problems = minSdkProblems(dexFiles(merged));
    assertTrue(
        problems.toString(),
        problems.contains(
            "java.lang.Record is missing at the minimum API level; used by lib.Pair"));
  }

  @Test
  public void cachedJar_isDexedOnce_andAgainWhenTheSettingsChange() throws Exception {
    Path cacheDir = tmp.newFolder("cache").toPath();
    DexCache cache = new DexCache(cacheDir, Long.MAX_VALUE);
    try (Dexer dexer = new Dexer(cache, platform, 29, false)) {
      dexer.dex(appJar, List.of(libraryJar), tmp.getRoot().toPath().resolve("a"));
      dexer.dex(appJar, List.of(libraryJar), tmp.getRoot().toPath().resolve("b"));
    }
    assertEquals(1, entries(cacheDir));
    try (Dexer release = new Dexer(cache, platform, 29, true)) {
      release.dex(appJar, List.of(libraryJar), tmp.getRoot().toPath().resolve("c"));
    }
    assertEquals("release mode is another entry", 2, entries(cacheDir));
    try (Dexer newer = new Dexer(cache, platform, 31, false)) {
      newer.dex(appJar, List.of(libraryJar), tmp.getRoot().toPath().resolve("d"));
    }
    assertEquals("another minSdk is another entry", 3, entries(cacheDir));
  }

  @Test
  public void settings_nameEverythingThatChangesTheOutput() throws Exception {
    DexCache cache = new DexCache(tmp.newFolder("cache").toPath(), Long.MAX_VALUE);
    try (Dexer dexer = new Dexer(cache, platform, 29, false)) {
      String settings = dexer.settings(List.of(libraryJar));
      assertTrue(
          settings, settings.contains("d8 " + com.android.tools.r8.Version.getVersionString()));
      assertTrue(settings, settings.contains("jdk " + Runtime.version()));
      assertTrue(settings, settings.contains("platform " + DexCache.sha256(platform)));
      assertTrue(settings, settings.contains("classpath " + DexCache.sha256(libraryJar)));
      assertNotEquals(settings, dexer.settings(List.of(libraryJar, appJar)));
    }
  }

  private D8Command.Builder base() throws Exception {
    return D8Command.builder()
        .addLibraryFiles(platform)
        .addLibraryResourceProvider(JdkClassFileProvider.fromSystemJdk())
        .setMinApiLevel(29)
        .setMode(CompilationMode.DEBUG);
  }

  private List<String> minSdkProblems(List<Path> dex) throws Exception {
    return new MinSdkCheck(List.of("app/lumen/"), Set.of())
        .check(DexReferences.trace(dex, List.of(platform), List.of(javaApi)).missing())
        .problems();
  }

  private static List<Path> dexFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".dex")).sorted().toList();
    }
  }

  private static long entries(Path cacheDir) throws Exception {
    try (Stream<Path> files = Files.list(cacheDir)) {
      return files.count();
    }
  }
}
