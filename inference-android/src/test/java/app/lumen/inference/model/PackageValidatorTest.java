package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.testkit.onnx.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Each broken package is reported with exactly one line that names the file, tensor or field and
 * says what was expected; graphs are read through ONNX Runtime.
 */
public class PackageValidatorTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void validPackage_hasNoProblems() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("ok").toPath());
    assertEquals(List.of(), PackageValidator.validate(dir));
  }

  @Test
  public void truncatedOnnx_isOneLineNamingTheGraph() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("truncated").toPath());
    Path decoder = dir.resolve(TestPackage.DECODER);
    byte[] bytes = Files.readAllBytes(decoder);
    Files.write(decoder, Arrays.copyOf(bytes, bytes.length / 2));
    TestPackage.writeManifest(dir); // sizes and hashes now agree: only the content is broken

    PackageValidator.Problem problem = onlyProblem(dir);
    assertTrue(
        problem.message(),
        problem.message().startsWith(TestPackage.DECODER + ": not a loadable ONNX model: "));
    assertFalse(problem.integrity());
  }

  @Test
  public void truncatedOnnx_behindTheManifestsBack_isASizeMismatch() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("short").toPath());
    Path decoder = dir.resolve(TestPackage.DECODER);
    long size = Files.size(decoder);
    Files.write(decoder, Arrays.copyOf(Files.readAllBytes(decoder), 100));

    PackageValidator.Problem problem = onlyProblem(dir);
    assertEquals(TestPackage.DECODER + ": size 100 bytes, expected " + size, problem.message());
    assertTrue(problem.integrity());
  }

  @Test
  public void missingTokenizer_isOneLine() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("notok").toPath());
    Files.delete(dir.resolve("tokenizer.json"));

    assertEquals("tokenizer.json: missing", onlyProblem(dir).message());
  }

  @Test
  public void unlistedMissingTokenizer_isStillReported() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("notok2").toPath());
    Files.delete(dir.resolve("tokenizer.json"));
    TestPackage.writeManifest(dir);

    assertEquals(
        "tokenizer.json: missing (every package needs its tokenizer)", onlyProblem(dir).message());
  }

  @Test
  public void preprocessorConfigTheVisionPipelineWouldRefuse_isOneLineNamingTheFile()
      throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("std").toPath());
    JsonObject processor = TestPackage.preprocessorConfig();
    JsonArray zeroStd = new JsonArray();
    for (int i = 0; i < 3; i++) {
      zeroStd.add(0.0);
    }
    processor.add("image_std", zeroStd);
    TestPackage.json(dir.resolve("preprocessor_config.json"), processor);
    TestPackage.writeManifest(dir);

    assertEquals(
        "preprocessor_config.json: image_std values must be positive: 0.0",
        onlyProblem(dir).message());
  }

  @Test
  public void processorPatchesUnlikeTheVisionTowers_isOneLineNamingBothFiles() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("patch").toPath());
    JsonObject processor = TestPackage.preprocessorConfig();
    int towerPatch = processor.get("patch_size").getAsInt();
    processor.addProperty("patch_size", towerPatch - 2);
    TestPackage.json(dir.resolve("preprocessor_config.json"), processor);
    TestPackage.writeManifest(dir);

    assertEquals(
        "preprocessor_config.json: patch_size "
            + (towerPatch - 2)
            + ", but config.json vision_config.patch_size is "
            + towerPatch
            + " (the vision tower reads the patches it was trained on)",
        onlyProblem(dir).message());
  }

  @Test
  public void wrongTensorName_namesTheExpectedAndTheFoundInput() throws Exception {
    TestPackage.DecoderShape shape = new TestPackage.DecoderShape();
    shape.embedsInput = "input_embeds";
    Path dir = TestPackage.write(tmp.newFolder("name").toPath(), shape, null);

    assertEquals(
        TestPackage.DECODER
            + ": decoder graph: input inputs_embeds: missing; the graph has input_embeds instead"
            + " (expected the name inputs_embeds)",
        onlyProblem(dir).message());
  }

  @Test
  public void wrongKvShape_isOneLineForAllLayers() throws Exception {
    TestPackage.DecoderShape shape = new TestPackage.DecoderShape();
    shape.kvHeads = 4;
    Path dir = TestPackage.write(tmp.newFolder("kv").toPath(), shape, null);

    assertEquals(
        TestPackage.DECODER
            + ": decoder graph: inputs past_key_values.N.key/value: shape [?, 4, ?, 8],"
            + " expected [?, 1, ?, 8] (num_key_value_heads 1, head_dim 8)",
        onlyProblem(dir).message());
  }

  @Test
  public void layerCountDifferentFromConfig_isOneLine() throws Exception {
    TestPackage.DecoderShape shape = new TestPackage.DecoderShape();
    shape.layers = 3;
    Path dir = TestPackage.write(tmp.newFolder("layers").toPath(), shape, null);

    assertEquals(
        TestPackage.DECODER
            + ": decoder graph: inputs past_key_values.N: KV inputs for 3 layers (0..2),"
            + " config.json expects 2 (0..1) (num_hidden_layers 2)",
        onlyProblem(dir).message());
  }

  @Test
  public void float16Cache_andDeepstackInput_areAccepted() throws Exception {
    TestPackage.DecoderShape shape = new TestPackage.DecoderShape();
    shape.kvType = DataType.FLOAT16;
    shape.deepstack = true;
    Path dir = TestPackage.write(tmp.newFolder("fp16").toPath(), shape, null);

    assertEquals(List.of(), PackageValidator.validate(dir));
  }

  @Test
  public void malformedJson_isOneLineNamingTheFile() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("json").toPath());
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"qwen3_vl\", \"text_config\": {",
        StandardCharsets.UTF_8);
    TestPackage.writeManifest(dir);

    String message = onlyProblem(dir).message();
    assertTrue(message, message.startsWith("config.json: malformed JSON: "));
  }

  @Test
  public void wrongFieldType_namesTheFieldPath() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("field").toPath());
    Files.writeString(
        dir.resolve("config.json"),
        TestPackage.config()
            .toString()
            .replace("\"hidden_size\":16", "\"hidden_size\":\"sixteen\""),
        StandardCharsets.UTF_8);
    TestPackage.writeManifest(dir);

    assertEquals(
        "config.json: text_config.hidden_size: expected a whole number, found \"sixteen\"",
        onlyProblem(dir).message());
  }

  @Test
  public void imageTokenIdDisagreeingWithTheTokenizer_isOneLine() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("image-id").toPath());
    com.google.gson.JsonObject config = TestPackage.config();
    config.addProperty("image_token_id", 300);
    TestPackage.json(dir.resolve("config.json"), config);
    TestPackage.writeManifest(dir);

    assertEquals(
        "config.json: image_token_id 300, but tokenizer.json has <|image_pad|> = "
            + TestPackage.addedId("<|image_pad|>"),
        onlyProblem(dir).message());
    assertThrows(app.lumen.pkg.InvalidPackageException.class, () -> ModelPackage.open(dir));
  }

  @Test
  public void eosIdOutsideTheTokenizer_isOneLine() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("eos").toPath());
    Files.writeString(
        dir.resolve("generation_config.json"),
        "{\"eos_token_id\": [261, 5000]}",
        StandardCharsets.UTF_8);
    TestPackage.writeManifest(dir);

    assertEquals(
        "generation_config.json: eos_token_id 5000 is not a token of tokenizer.json (0..263)",
        onlyProblem(dir).message());
  }

  @Test
  public void oversizedConfig_isRefusedWithoutReadingIt() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("big").toPath());
    try (java.io.RandomAccessFile file =
        new java.io.RandomAccessFile(dir.resolve("config.json").toFile(), "rw")) {
      file.setLength(17L << 20); // sparse: no 17 MB actually written
    }
    TestPackage.writeManifest(dir);

    assertEquals(
        "config.json: "
            + (17L << 20)
            + " bytes, expected a small JSON file (at most "
            + (16L << 20)
            + ")",
        onlyProblem(dir).message());
  }

  @Test
  public void hashMismatch_isAnIntegrityProblemWithBothDigests() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("hash").toPath());
    Path config = dir.resolve("generation_config.json");
    byte[] bytes = Files.readAllBytes(config);
    bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == ' ' ? '\t' : ' ');
    Files.write(config, bytes);

    PackageValidator.Problem problem = onlyProblem(dir);
    assertTrue(
        problem.message(),
        problem
            .message()
            .matches("generation_config\\.json: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}"));
    assertTrue(problem.integrity());
  }

  @Test
  public void pathEscapingTheFolder_isRefusedFromTheManifest() throws Exception {
    Path dir = TestPackage.write(tmp.newFolder("escape").toPath());
    Path manifest = dir.resolve("lumen-package.json");
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace("\"path\": \"config.json\"", "\"path\": \"../config.json\""),
        StandardCharsets.UTF_8);

    String message = onlyProblem(dir).message();
    assertTrue(message, message.startsWith(dir.resolve("lumen-package.json").toString()));
    assertTrue(
        message, message.contains("files[0].path") && message.contains("\"../config.json\""));
  }

  private static PackageValidator.Problem onlyProblem(Path dir) {
    List<PackageValidator.Problem> problems = PackageValidator.validate(dir);
    assertEquals(problems.toString(), 1, problems.size());
    return problems.get(0);
  }
}
