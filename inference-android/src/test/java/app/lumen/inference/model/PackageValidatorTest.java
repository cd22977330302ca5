package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.InvalidPackageException;
import app.lumen.testkit.SignaturePackage;
import app.lumen.testkit.onnx.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
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
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("ok").toPath()).dir();
    assertEquals(List.of(), PackageValidator.validate(dir));
  }

  @Test
  public void truncatedOnnx_isOneLineNamingTheGraph() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("truncated").toPath()).dir();
    Path decoder = dir.resolve(SignaturePackage.DECODER_GRAPH);
    byte[] bytes = Files.readAllBytes(decoder);
    Files.write(decoder, Arrays.copyOf(bytes, bytes.length / 2));
    SignaturePackage.rewriteManifest(dir); // sizes and hashes now agree: only the content is broken

    PackageValidator.Problem problem = onlyProblem(dir);
    assertTrue(
        problem.message(),
        problem
            .message()
            .startsWith(SignaturePackage.DECODER_GRAPH + ": not a loadable ONNX model: "));
    assertFalse(problem.integrity());
  }

  @Test
  public void truncatedOnnx_behindTheManifestsBack_isASizeMismatch() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("short").toPath()).dir();
    Path decoder = dir.resolve(SignaturePackage.DECODER_GRAPH);
    long size = Files.size(decoder);
    Files.write(decoder, Arrays.copyOf(Files.readAllBytes(decoder), 100));

    PackageValidator.Problem problem = onlyProblem(dir);
    assertEquals(
        SignaturePackage.DECODER_GRAPH + ": size 100 bytes, expected " + size, problem.message());
    assertTrue(problem.integrity());
  }

  @Test
  public void missingTokenizer_isOneLine() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("notok").toPath()).dir();
    Files.delete(dir.resolve("tokenizer.json"));

    assertEquals("tokenizer.json: missing", onlyProblem(dir).message());
  }

  @Test
  public void unlistedEditedChatTemplate_isOneLineNamingIt() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("tpl").toPath()).dir();
    Files.writeString(dir.resolve(ModelPackage.CHAT_TEMPLATE_JINJA), "{{ messages }}");

    assertTrue(
        onlyProblem(dir).message(),
        onlyProblem(dir).message().startsWith(ModelPackage.CHAT_TEMPLATE_JINJA + ": "));
  }

  @Test
  public void chatTemplateThatDoesNotParse_isOneLineNamingTheFileAndLine() throws Exception {
    Path dir = packageWithTemplate("badtpl", "{{ bos_token }}\n{% for %}{{ x");

    PackageValidator.Problem problem = onlyProblem(dir);
    assertTrue(problem.message(), problem.message().startsWith("chat_template.jinja: line 2: "));
    assertFalse(problem.integrity());
  }

  @Test
  public void chatTemplateThatRefusesAPlainUserMessage_isOneLineSayingSo() throws Exception {
    Path dir =
        packageWithTemplate(
            "strict",
            "{%- if messages[0].role != 'system' %}\n"
                + "{{- raise_exception('The first message must be a system message') }}\n"
                + "{%- endif %}");

    assertEquals(
        "chat_template.jinja: line 2: refuses a plain user message: "
            + "The first message must be a system message",
        onlyProblem(dir).message());
  }

  @Test
  public void chatTemplateWithAnUnsupportedTag_namesTheTag() throws Exception {
    Path dir = packageWithTemplate("include", "{% include 'base.jinja' %}");

    assertEquals(
        "chat_template.jinja: line 1: 'include' tags are not supported in chat templates",
        onlyProblem(dir).message());
  }

  @Test
  public void brokenTemplateInTokenizerConfig_namesThatFile() throws Exception {
    Path dir =
        SignaturePackage.builder()
            .tokenizerChatTemplate("{{ messages | shout }}")
            .writeTo(tmp.newFolder("cfgtpl").toPath())
            .dir();

    assertEquals(
        "tokenizer_config.json: line 1: unknown filter 'shout'", onlyProblem(dir).message());
  }

  @Test
  public void brokenChatTemplate_isRefusedWhenOpeningThePackageToo() throws Exception {
    Path dir = packageWithTemplate("open", "{% if true %}never closed");

    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelPackage.open(dir));
    assertTrue(e.getMessage(), e.getMessage().startsWith("chat_template.jinja: line 1: "));
  }

  /** A valid package whose listed {@code chat_template.jinja} is {@code template}. */
  private Path packageWithTemplate(String folder, String template) throws IOException {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder(folder).toPath()).dir();
    Files.writeString(dir.resolve(ModelPackage.CHAT_TEMPLATE_JINJA), template);
    SignaturePackage.rewriteManifest(dir);
    return dir;
  }

  @Test
  public void entryWithoutDigest_isOneLineNamingTheFile() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("nodigest").toPath()).dir();
    Path manifest = dir.resolve("lumen-package.json");
    JsonObject json = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
    for (var file : json.getAsJsonArray("files")) {
      if (file.getAsJsonObject().get("path").getAsString().equals("config.json")) {
        file.getAsJsonObject().remove("sha256");
      }
    }
    Files.writeString(manifest, json.toString());

    PackageValidator.Problem problem = onlyProblem(dir);
    assertTrue(problem.message(), problem.message().contains("config.json: needs a sha256"));
    assertFalse(problem.integrity());
  }

  @Test
  public void unlistedMissingTokenizer_isStillReported() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("notok2").toPath()).dir();
    Files.delete(dir.resolve("tokenizer.json"));
    SignaturePackage.rewriteManifest(dir);

    assertEquals(
        "tokenizer.json: missing (every package needs its tokenizer)", onlyProblem(dir).message());
  }

  @Test
  public void preprocessorConfigTheVisionPipelineWouldRefuse_isOneLineNamingTheFile()
      throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("std").toPath()).dir();
    JsonObject processor = readJson(dir.resolve("preprocessor_config.json"));
    JsonArray zeroStd = new JsonArray();
    for (int i = 0; i < 3; i++) {
      zeroStd.add(0.0);
    }
    processor.add("image_std", zeroStd);
    Files.writeString(dir.resolve("preprocessor_config.json"), processor.toString());
    SignaturePackage.rewriteManifest(dir);

    assertEquals(
        "preprocessor_config.json: image_std[0]: expected a number > 0, found 0.0",
        onlyProblem(dir).message());
  }

  @Test
  public void processorPatchesUnlikeTheVisionTowers_isOneLineNamingBothFiles() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("patch").toPath()).dir();
    JsonObject processor = readJson(dir.resolve("preprocessor_config.json"));
    int towerPatch = processor.get("patch_size").getAsInt();
    processor.addProperty("patch_size", towerPatch - 2);
    Files.writeString(dir.resolve("preprocessor_config.json"), processor.toString());
    SignaturePackage.rewriteManifest(dir);

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
    Path dir =
        SignaturePackage.builder()
            .embedsInput("input_embeds")
            .writeTo(tmp.newFolder("name").toPath())
            .dir();

    assertEquals(
        SignaturePackage.DECODER_GRAPH
            + ": decoder graph: input inputs_embeds: missing; the graph has input_embeds instead"
            + " (expected the name inputs_embeds)",
        onlyProblem(dir).message());
  }

  @Test
  public void wrongKvShape_isOneLineForAllLayers() throws Exception {
    Path dir =
        SignaturePackage.builder().decoderKvHeads(4).writeTo(tmp.newFolder("kv").toPath()).dir();

    assertEquals(
        SignaturePackage.DECODER_GRAPH
            + ": decoder graph: inputs past_key_values.N.key/value: shape [?, 4, ?, 8],"
            + " expected [?, 1, ?, 8] (num_key_value_heads 1, head_dim 8)",
        onlyProblem(dir).message());
  }

  @Test
  public void layerCountDifferentFromConfig_isOneLine() throws Exception {
    Path dir =
        SignaturePackage.builder().decoderLayers(3).writeTo(tmp.newFolder("layers").toPath()).dir();

    assertEquals(
        SignaturePackage.DECODER_GRAPH
            + ": decoder graph: inputs past_key_values.N: KV inputs for 3 layers (0..2),"
            + " config.json expects 2 (0..1) (num_hidden_layers 2)",
        onlyProblem(dir).message());
  }

  @Test
  public void float16Cache_andDeepstackInput_areAccepted() throws Exception {
    Path dir =
        SignaturePackage.builder()
            .kvType(DataType.FLOAT16)
            .deepstackInput(true)
            .writeTo(tmp.newFolder("fp16").toPath())
            .dir();

    assertEquals(List.of(), PackageValidator.validate(dir));
  }

  @Test
  public void malformedJson_isOneLineNamingTheFile() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("json").toPath()).dir();
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"qwen3_vl\", \"text_config\": {",
        StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);

    String message = onlyProblem(dir).message();
    assertTrue(message, message.startsWith("config.json: malformed JSON: "));
  }

  @Test
  public void wrongFieldType_namesTheFieldPath() throws Exception {
    SignaturePackage pkg = SignaturePackage.builder().writeTo(tmp.newFolder("field").toPath());
    Path dir = pkg.dir();
    Files.writeString(
        dir.resolve("config.json"),
        pkg.config().toString().replace("\"hidden_size\":16", "\"hidden_size\":\"sixteen\""),
        StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);

    assertEquals(
        "config.json: text_config.hidden_size: expected a whole number, found \"sixteen\"",
        onlyProblem(dir).message());
  }

  @Test
  public void negativeHeadDim_isRefusedByValidateAndByOpen_withTheSameLine() throws Exception {
    SignaturePackage pkg = SignaturePackage.builder().writeTo(tmp.newFolder("head").toPath());
    Path dir = pkg.dir();
    JsonObject config = pkg.config();
    config.getAsJsonObject("text_config").addProperty("head_dim", -16);
    Files.writeString(dir.resolve("config.json"), config.toString(), StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);

    String line = "config.json: text_config.head_dim: expected a whole number > 0, found -16";
    assertEquals(line, onlyProblem(dir).message());
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(line, e.getMessage());
  }

  @Test
  public void twoBrokenConfigs_openListsBothLinesAsValidateDoes() throws Exception {
    SignaturePackage pkg = SignaturePackage.builder().writeTo(tmp.newFolder("two").toPath());
    Path dir = pkg.dir();
    JsonObject config = pkg.config();
    config.getAsJsonObject("text_config").addProperty("rms_norm_eps", 0);
    Files.writeString(dir.resolve("config.json"), config.toString(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 1, \"top_p\": 2}");
    SignaturePackage.rewriteManifest(dir);

    List<String> lines =
        List.of(
            "config.json: text_config.rms_norm_eps: expected a number > 0, found 0",
            "generation_config.json: top_p: expected a number in (0, 1], found 2");
    assertEquals(lines.toString(), PackageValidator.validate(dir).toString());
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(String.join("\n", lines), e.getMessage());
  }

  @Test
  public void imageTokenIdDisagreeingWithTheTokenizer_isOneLine() throws Exception {
    SignaturePackage pkg = SignaturePackage.builder().writeTo(tmp.newFolder("image-id").toPath());
    Path dir = pkg.dir();
    com.google.gson.JsonObject config = pkg.config();
    config.addProperty("image_token_id", 300);
    Files.writeString(dir.resolve("config.json"), config.toString(), StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);

    assertEquals(
        "config.json: image_token_id 300, but tokenizer.json has <|image_pad|> = "
            + pkg.tokenId("<|image_pad|>"),
        onlyProblem(dir).message());
    assertThrows(app.lumen.pkg.InvalidPackageException.class, () -> ModelPackage.open(dir));
  }

  @Test
  public void eosIdOutsideTheTokenizer_isOneLine() throws Exception {
    SignaturePackage pkg = SignaturePackage.builder().writeTo(tmp.newFolder("eos").toPath());
    Path dir = pkg.dir();
    Files.writeString(
        dir.resolve("generation_config.json"),
        "{\"eos_token_id\": [" + pkg.tokenId("<|im_end|>") + ", 5000]}",
        StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);

    assertEquals(
        "generation_config.json: eos_token_id 5000 is not a token of tokenizer.json (0.."
            + (pkg.tokenCount() - 1)
            + ")",
        onlyProblem(dir).message());
  }

  @Test
  public void oversizedConfig_isRefusedWithoutReadingIt() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("big").toPath()).dir();
    try (java.io.RandomAccessFile file =
        new java.io.RandomAccessFile(dir.resolve("config.json").toFile(), "rw")) {
      file.setLength(17L << 20); // sparse: no 17 MB actually written
    }
    SignaturePackage.rewriteManifest(dir);

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
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("hash").toPath()).dir();
    Path config = dir.resolve("generation_config.json");
    byte[] bytes = Files.readAllBytes(config);
    int space = new String(bytes, StandardCharsets.US_ASCII).indexOf(' ');
    bytes[space] = '\t'; // whitespace: the JSON still parses, only the hash is wrong
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
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("escape").toPath()).dir();
    Path manifest = dir.resolve("lumen-package.json");
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace("\"path\": \"config.json\"", "\"path\": \"../config.json\""),
        StandardCharsets.UTF_8);

    String message = onlyProblem(dir).message();
    assertTrue(message, message.startsWith("lumen-package.json: "));
    assertTrue(
        message, message.contains("files[0].path") && message.contains("\"../config.json\""));
  }

  private static PackageValidator.Problem onlyProblem(Path dir) {
    List<PackageValidator.Problem> problems = PackageValidator.validate(dir);
    assertEquals(problems.toString(), 1, problems.size());
    return problems.get(0);
  }

  private static JsonObject readJson(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }
}
