package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** scripts/fetch-onnxruntime-android.sh installs only what matches its recorded digests. */
public class FetchOnnxRuntimeScriptTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final Path script =
      Path.of(System.getProperty("lumen.scripts"), "fetch-onnxruntime-android.sh");

  private record Run(int exitCode, String stderr) {}

  private Run run(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    File err = tmp.newFile();
    pb.redirectError(err);
    int code = pb.start().waitFor();
    return new Run(code, Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  @Test
  public void tamperedTarball_stopsWithItsName_andInstallsNothing() throws Exception {
    Path tarball = tmp.getRoot().toPath().resolve("com.github.asus4.onnxruntime-0.4.9.tgz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(tarball))) {
      out.write("not the package".getBytes(StandardCharsets.UTF_8));
    }
    Path repo = tmp.newFolder("repo").toPath();
    Run run =
        run(
            Map.of(
                "LUMEN_ONNXRUNTIME_TARBALL",
                tarball.toString(),
                "LUMEN_MAVEN_REPO",
                repo.toString()));
    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr(), run.stderr().contains(tarball.toString()));
    assertTrue(run.stderr(), run.stderr().contains("sha256"));
    assertTrue(run.stderr(), run.stderr().contains("nothing was installed"));
    try (var files = Files.walk(repo)) {
      assertEquals("the repository is untouched", 1, files.count());
    }
  }

  @Test
  public void installedLibrary_isNotFetchedAgain() throws Exception {
    Path installed = TestInputs.onnxRuntimeAar();
    Path repo = tmp.newFolder("repo").toPath();
    Path copy =
        repo.resolve("com/microsoft/onnxruntime/onnxruntime-android")
            .resolve(System.getProperty("lumen.onnxruntimeVersion"))
            .resolve(installed.getFileName());
    Files.createDirectories(copy.getParent());
    Files.createSymbolicLink(copy, installed);
    // A tarball that would fail the check proves the script never looked for one.
    Run run =
        run(
            Map.of(
                "LUMEN_MAVEN_REPO",
                repo.toString(),
                "LUMEN_ONNXRUNTIME_TARBALL",
                "/nonexistent.tgz"));
    assertEquals(run.stderr(), 0, run.exitCode());
  }
}
