package app.lumen.build.android;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Only test-only libraries' R classes go to the test sources; the app compiles the others. */
public class TestOnlyRClassesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void appAndMainLibraryRClasses_stayOut_testOnlyOnesAreCopied() throws Exception {
    Path testR = tmp.newFolder("r-test").toPath();
    for (String pkg : List.of("app/demo", "androidx/core", "androidx/compose/ui/test/manifest")) {
      Path r = testR.resolve(pkg).resolve("R.java");
      Files.createDirectories(r.getParent());
      Files.writeString(r, "package " + pkg.replace('/', '.') + ";");
    }
    Path target = tmp.newFolder("generated-test-sources").toPath();
    Files.writeString(target.resolve("Stale.java"), "from an earlier build");

    TestOnlyRClasses.copy(testR, Set.of("app.demo", "androidx.core"), target);

    try (Stream<Path> files = Files.walk(target)) {
      assertEquals(
          List.of("androidx/compose/ui/test/manifest/R.java"),
          files.filter(Files::isRegularFile).map(f -> target.relativize(f).toString()).toList());
    }
    assertEquals(
        "package androidx.compose.ui.test.manifest;",
        Files.readString(target.resolve("androidx/compose/ui/test/manifest/R.java")));
  }
}
