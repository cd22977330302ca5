package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import app.lumen.inference.InferenceEngine;
import app.lumen.inference.ModelLoadException;
import app.lumen.testkit.SignaturePackage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The Hugging Face-built text-only Qwen3 package with its graph's cache inputs broken: {@code
 * validate} and the loader refuse it with the same line, naming the tensor.
 */
public class TextOnlyQwen3PackageTest {
  private static final String GRAPH = "onnx/model.onnx";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theRealPackage_isValid() throws Exception {
    assertEquals(List.of(), PackageValidator.validate(copy()));
  }

  @Test
  public void aGraphWithoutOneLayersValueCache_isRefusedNamingIt() throws Exception {
    Path dir = copy();
    // Same length, so the protobuf stays valid: the input is there under another name.
    rename(dir, "past_key_values.1.value", "past_key_values.1.valuX");

    List<PackageValidator.Problem> problems = PackageValidator.validate(dir);
    assertEquals(problems.toString(), 1, problems.size());
    String line = problems.get(0).message();
    assertEquals(
        GRAPH
            + ": decoder graph: input past_key_values.1.value: missing; the graph has"
            + " past_key_values.1.valuX instead (expected the name past_key_values.1.value)",
        line);
    try (InferenceEngine engine = InferenceEngine.create()) {
      ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.load(dir));
      assertEquals(line, e.getMessage());
    }
  }

  private Path copy() throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getResource("/hf/qwen3/package").toURI());
    Path dir = tmp.newFolder().toPath();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path target = dir.resolve(source.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    return dir;
  }

  private static void rename(Path dir, String from, String to) throws IOException {
    Path graph = dir.resolve(GRAPH);
    byte[] bytes = Files.readAllBytes(graph);
    byte[] a = from.getBytes(StandardCharsets.US_ASCII);
    byte[] b = to.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + a.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
        System.arraycopy(b, 0, bytes, i, b.length);
      }
    }
    Files.write(graph, bytes);
    SignaturePackage.rewriteManifest(dir);
  }
}
