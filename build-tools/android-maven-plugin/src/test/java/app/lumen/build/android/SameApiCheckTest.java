package app.lumen.build.android;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The API a user compiled against must exist alike in the build of the library that ships. */
public class SameApiCheckTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String COMPILED =
      "package vendor.api; public class Session { public void run(long h) {}"
          + " public static String version() { return \"1\"; } public void unused() {} }";

  private Path compiled;
  private Path user;
  private List<Path> libraries;

  @Before
  public void setUp() throws Exception {
    compiled = jar("compiled.jar", COMPILED, List.of());
    user =
        jar(
            "user.jar",
            "package app; public class User { public static void go(vendor.api.Session s) {"
                + " s.run(1); vendor.api.Session.version(); } }",
            List.of(compiled));
    libraries = List.of(TestInputs.minSdkPlatform(), TestInputs.javaApi(tmp.newFolder().toPath()));
  }

  private Path jar(String name, String source, List<Path> classpath) throws Exception {
    String file = source.startsWith("package app;") ? "app/User.java" : "vendor/api/Session.java";
    return TestInputs.compile(
        Map.of(file, source), classpath, tmp.newFolder().toPath().resolve(name));
  }

  @Test
  public void sameApi_passes_evenWhenUnusedPartsDiffer() throws Exception {
    Path shipped =
        jar(
            "shipped.jar",
            "package vendor.api; public class Session { public void run(long h) {}"
                + " public static String version() { return \"1\"; } }",
            List.of());
    assertEquals(
        List.of(),
        SameApiCheck.problems(List.of(user), "vendor/api/", compiled, shipped, libraries));
  }

  @Test
  public void missingOrChangedMembers_areNamed() throws Exception {
    Path shipped =
        jar(
            "shipped.jar",
            "package vendor.api; public class Session { public static void run(long h) {} }",
            List.of());
    assertEquals(
        List.of(
            "vendor.api.Session.run(J)V: public in compiled.jar but public static in shipped.jar",
            "vendor.api.Session.version()Ljava/lang/String;: used by the app, missing from shipped.jar"),
        SameApiCheck.problems(List.of(user), "vendor/api/", compiled, shipped, libraries));
  }
}
