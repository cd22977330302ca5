package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.AndroidLibraries.Library;
import com.android.tools.r8.CompilationFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** R8 over small programs with rules from every source a release build uses. */
public class ShrinkerTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String KEEP_MAIN =
      "-keep class app.Main { public static void main(java.lang.String[]); }";

  private Path jar(String name, Map<String, String> sources, List<Path> classpath)
      throws Exception {
    return TestInputs.compile(sources, classpath, tmp.newFolder().toPath().resolve(name));
  }

  /**
   * One R8 run (they take seconds each) over an app, jars with embedded rules, an AAR with consumer
   * rules and a jar with a service.
   */
  @Test
  public void rulesFromEverySource_keepWhatTheyName_theRestIsShrunk_servicesFollowRenames()
      throws Exception {
    Path lib =
        jar(
            "lib.jar",
            Map.of(
                "lib/Reflected.java",
                    "package lib; public class Reflected { public void call() {} }",
                "lib/Unused.java", "package lib; public class Unused { public void call() {} }"),
            List.of());
    TestInputs.addEntries(
        lib, Map.of("META-INF/com.android.tools/r8/lib.pro", "-keep class lib.Reflected { *; }"));
    Path services = serviceJar();
    Path legacy =
        jar(
            "legacy.jar",
            Map.of("legacy/Old.java", "package legacy; public class Old {}"),
            List.of());
    TestInputs.addEntries(legacy, Map.of("META-INF/proguard/legacy.pro", "-keep class legacy.Old"));
    Path aarClasses =
        jar(
            "classes.jar",
            Map.of("aar/Consumer.java", "package aar; public class Consumer { int field; }"),
            List.of());
    Path aarDir = tmp.newFolder("aar").toPath();
    Files.writeString(aarDir.resolve("proguard.txt"), "-keep class aar.Consumer { <fields>; }");
    Library aar =
        new Library(
            new DefaultArtifact(
                "g", "aar", "1", "compile", "aar", null, new DefaultArtifactHandler("aar")),
            aarDir,
            false);
    Path app =
        jar(
            "app.jar",
            Map.of(
                "app/Main.java",
                "package app; public class Main { public static void main(String[] a) {"
                    + " System.out.println(Helper.greeting());"
                    + " for (svc.Plugin p : java.util.ServiceLoader.load(svc.Plugin.class))"
                    + " System.out.println(p.name()); } }",
                "app/Helper.java",
                "package app; class Helper { static String greeting() { return \"hi\"; } }"),
            List.of(services));
    Path work = tmp.newFolder("r8").toPath();
    Shrinker.Result result =
        TestInputs.shrink(
            work, List.of(app, lib, legacy, aarClasses, services), List.of(aar), KEEP_MAIN);

    Map<String, Set<String>> classes =
        KeptNamesCheck.definitions(TestInputs.dexFiles(work.resolve("dex")));
    assertEquals(Set.of("call()V", "<init>()V"), classes.get("lib/Reflected"));
    assertTrue(classes.toString(), classes.containsKey("legacy/Old"));
    assertEquals(Set.of("field:I"), classes.get("aar/Consumer"));
    assertTrue(classes.toString(), classes.containsKey("app/Main"));
    assertFalse("no rule keeps it", classes.containsKey("lib/Unused"));
    assertFalse("inlined into Main", classes.containsKey("app/Helper"));
    String applied = Files.readString(work.resolve("r8-configuration.txt"), StandardCharsets.UTF_8);
    assertTrue(applied, applied.contains("-keep class lib.Reflected"));
    assertTrue(applied, applied.contains("-keep class aar.Consumer"));
    assertTrue(Files.readString(work.resolve("mapping.txt")).contains("app.Main -> app.Main:"));
    assertServicesNameDexClasses(result, classes);
    assertEquals("plain resource", new String(result.javaResources().get("svc/data.txt"), "UTF-8"));
  }

  /** An interface, its implementation in another package, and the service file naming both. */
  private Path serviceJar() throws Exception {
    Path lib =
        jar(
            "services.jar",
            Map.of(
                "svc/Plugin.java",
                "package svc; public interface Plugin { String name(); }",
                "svc/internal/PluginImpl.java",
                "package svc.internal; public class PluginImpl implements svc.Plugin {"
                    + " public String name() { return \"impl\"; } }"),
            List.of());
    TestInputs.addEntries(
        lib,
        Map.of(
            "META-INF/services/svc.Plugin", "svc.internal.PluginImpl\n",
            "svc/data.txt", "plain resource"));
    return lib;
  }

  /** R8 renames services and their implementations; the files it passes on must follow. */
  private static void assertServicesNameDexClasses(
      Shrinker.Result result, Map<String, Set<String>> classes) {
    List<String> services = new ArrayList<>();
    result
        .javaResources()
        .forEach(
            (name, data) -> {
              if (name.startsWith("META-INF/services/")) {
                services.add(name);
                String service = name.substring("META-INF/services/".length());
                assertTrue(name, classes.containsKey(service.replace('.', '/')));
                for (String impl : new String(data, StandardCharsets.UTF_8).trim().split("\n")) {
                  assertTrue(impl + " in " + classes.keySet(), classes.containsKey(internal(impl)));
                }
              }
            });
    assertEquals(1, services.size());
  }

  @Test
  public void missingClass_failsTheBuildNamingIt() throws Exception {
    Path optional =
        jar(
            "optional.jar",
            Map.of("opt/Extension.java", "package opt; public class Extension {}"),
            List.of());
    Path app =
        jar(
            "app.jar",
            Map.of(
                "app/Main.java",
                "package app; public class Main { public static void main(String[] a) {"
                    + " try { System.out.println(new opt.Extension()); }"
                    + " catch (NoClassDefFoundError e) { System.out.println(\"absent\"); } } }"),
            List.of(optional));
    CompilationFailedException e =
        assertThrows(
            CompilationFailedException.class,
            () -> TestInputs.shrink(tmp.newFolder().toPath(), List.of(app), List.of(), KEEP_MAIN));
    assertTrue(e.getMessage(), e.getMessage().contains("Missing class opt.Extension"));
  }

  private static String internal(String javaName) {
    return javaName.replace('.', '/');
  }
}
