package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.text.QwenTestResources;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.SignaturePackage;
import app.lumen.testkit.TinyPackageGenerator;
import app.lumen.testkit.fuzz.FuzzRun;
import app.lumen.testkit.fuzz.Mutations;
import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A small valid package with one file mutated (the manifest, a config, the tokenizer, the real
 * Qwen3-VL chat template or a graph), mostly relisted so sizes and hashes agree and the content
 * itself is what the loader meets: {@link PackageValidator#validate} reports problems and never
 * throws, {@link ModelPackage#open} fails only with {@link InvalidPackageException} or {@link
 * IntegrityException}. Iterations: {@code -Dlumen.fuzz.iterations}, seed: {@code
 * -Dlumen.fuzz.seed}.
 */
public class PackageFuzzTest {
  // Each iteration opens three graphs in ONNX Runtime (~80 ms): a few seconds in all.
  private static final int DEFAULT_ITERATIONS = 40;
  private static final int MAX_EDITS = 4;
  private static final List<String> JSON_FILES =
      List.of(
          PackageManifest.FILE_NAME,
          "config.json",
          "generation_config.json",
          "preprocessor_config.json",
          "tokenizer_config.json",
          "tokenizer.json");
  private static final List<String> JINJA =
      List.of(
          "{%",
          "%}",
          "{{",
          "}}",
          "{#",
          "#}",
          "{%- endif %}",
          "{%- endfor %}",
          "{% else %}",
          "{% if messages %}",
          "{% for m in messages %}",
          "{% set ns = namespace(a=1) %}",
          "{{ raise_exception('no') }}",
          "{% macro f(x) %}{{ f(x) }}{% endmacro %}{{ f(1) }}",
          "{% for i in range(1000000) %}{% endfor %}",
          "{{ 'ab' * 100000000 }}",
          "|tojson",
          "|length",
          "(",
          ")",
          "[",
          "]",
          "'",
          "\"",
          "\n",
          "loop.index0",
          "messages[-1]",
          "message.content[0]",
          "~",
          " and ",
          " not ",
          "ns.a",
          ".split('<')");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** A file of the package replaced by {@code content}; {@code relist} rewrites the manifest. */
  private record Edit(String file, byte[] content, boolean relist) {
    byte[] describe() {
      byte[] name = (file + (relist ? " (relisted)" : "") + "\n").getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[name.length + content.length];
      System.arraycopy(name, 0, all, 0, name.length);
      System.arraycopy(content, 0, all, name.length, content.length);
      return all;
    }
  }

  @Test
  public void mutatedPackages_areReportedAndRefused_withTypedExceptionsOnly() throws IOException {
    Map<String, byte[]> files = filesOf(signaturePackage());
    int[] count = {0};
    FuzzRun.of("package", DEFAULT_ITERATIONS)
        .forEach(
            random -> edit(files, random),
            Edit::describe,
            edit -> check(files, edit, tmp.newFolder("p" + count[0]++).toPath()));
  }

  /**
   * The engine itself loads each mutated package of a runnable one and, when it loads, answers two
   * tokens: loading fails only with {@link ModelLoadException} (integrity and unsupported family
   * included), answering only with {@link GenerationException} or {@link InvalidRequestException}.
   */
  @Test
  public void mutatedPackages_loadOrAreRefusedByTheEngine_withTypedExceptionsOnly()
      throws IOException {
    Path valid = tmp.newFolder("runnable").toPath();
    TinyPackageGenerator.generate(valid, 7, ModelFamily.QWEN3_VL);
    Map<String, byte[]> files = filesOf(withRealTemplate(valid));
    int[] count = {0};
    try (InferenceEngine engine = InferenceEngine.create()) {
      FuzzRun.of("engine-load", DEFAULT_ITERATIONS / 2)
          .forEach(
              random -> edit(files, random),
              Edit::describe,
              edit -> load(engine, files, edit, tmp.newFolder("e" + count[0]++).toPath()));
    }
  }

  private Path signaturePackage() throws IOException {
    return withRealTemplate(
        SignaturePackage.builder().writeTo(tmp.newFolder("valid").toPath()).dir());
  }

  /** {@code dir} with the real Qwen3-VL template, which the mutations then break. */
  private static Path withRealTemplate(Path dir) throws IOException {
    Files.writeString(
        dir.resolve(ModelPackage.CHAT_TEMPLATE_JINJA),
        QwenTestResources.text("chat_template_instruct.jinja"));
    SignaturePackage.rewriteManifest(dir);
    assertEquals(List.of(), PackageValidator.validate(dir));
    return dir;
  }

  private static Map<String, byte[]> filesOf(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        files.put(dir.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
      }
    }
    return files;
  }

  private static Edit edit(Map<String, byte[]> files, Random random) {
    int pick = random.nextInt(JSON_FILES.size() + 3);
    boolean relist = random.nextInt(10) > 0;
    if (pick < JSON_FILES.size()) {
      String file = JSON_FILES.get(pick);
      byte[] original = files.get(file);
      byte[] content =
          random.nextBoolean()
              ? new Gson()
                  .toJson(
                      Mutations.json(
                          JsonParser.parseString(new String(original, StandardCharsets.UTF_8)),
                          random,
                          MAX_EDITS))
                  .getBytes(StandardCharsets.UTF_8)
              : Mutations.bytes(original, random, MAX_EDITS);
      return new Edit(file, content, relist && !file.equals(PackageManifest.FILE_NAME));
    }
    if (pick == JSON_FILES.size()) {
      String file = SignaturePackage.DECODER_GRAPH;
      return new Edit(file, Mutations.bytes(files.get(file), random, MAX_EDITS), relist);
    }
    String file = ModelPackage.CHAT_TEMPLATE_JINJA;
    String template = new String(files.get(file), StandardCharsets.UTF_8);
    return new Edit(
        file,
        Mutations.text(template, random, MAX_EDITS, JINJA).getBytes(StandardCharsets.UTF_8),
        relist);
  }

  private static void load(InferenceEngine engine, Map<String, byte[]> files, Edit edit, Path dir)
      throws IOException {
    write(files, edit, dir);
    try (LoadedModel model = engine.load(dir)) {
      GenerationRequest request =
          GenerationRequest.builder(List.of(ChatMessage.user("Hello")))
              .sampling(SamplingParams.GREEDY)
              .maxNewTokens(2)
              .build();
      assertNotNull(model.newSession().generate(request, GenerationListener.NONE));
    } catch (ModelLoadException | GenerationException expected) {
      // the typed refusal
    } finally {
      delete(dir);
    }
  }

  /** The package with {@code edit} applied, relisted in its manifest when the edit says so. */
  private static void write(Map<String, byte[]> files, Edit edit, Path dir) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getKey().equals(edit.file()) ? edit.content() : file.getValue());
    }
    if (edit.relist()) {
      SignaturePackage.rewriteManifest(dir);
    }
  }

  private static void check(Map<String, byte[]> files, Edit edit, Path dir) throws IOException {
    write(files, edit, dir);
    assertNotNull(PackageValidator.validate(dir));
    try {
      assertNotNull(ModelPackage.open(dir).chatTemplate());
    } catch (InvalidPackageException | IntegrityException expected) {
      // the typed refusal
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
