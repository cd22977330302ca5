package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.FileDigests;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code lumen validate} on packages written by the test kit, each broken in one way: one line on
 * stderr naming the file, tensor or field, and the contract's exit code.
 */
public class ValidateCommandTest {
  private static final String DECODER = TinyPackageGenerator.DECODER_GRAPH;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int validate(Path dir, String... extra) {
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] args = new String[2 + extra.length + 1];
    args[0] = "validate";
    args[1] = "--model";
    args[2] = dir.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return cli.execute(args);
  }

  private Path tiny(ModelFamily family) throws Exception {
    Path dir = tmp.newFolder().toPath().resolve("pkg");
    TinyPackageGenerator.generate(dir, 42, family);
    return dir;
  }

  private String onlyErrorLine() {
    String[] lines = err.toString().trim().split("\\R");
    assertEquals(err.toString(), 1, lines.length);
    return lines[0];
  }

  @Test
  public void tinyPackagesOfEveryVisionFamily_areValid() throws Exception {
    for (ModelFamily family :
        new ModelFamily[] {ModelFamily.QWEN3_VL, ModelFamily.QWEN2_VL, ModelFamily.QWEN2_5_VL}) {
      Path dir = tiny(family);
      assertEquals(family + ": " + err, 0, validate(dir));
      assertTrue(out.toString(), out.toString().contains(": valid ("));
    }
  }

  @Test
  public void truncatedOnnx_exits3WithOneLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Path decoder = dir.resolve(DECODER);
    Files.write(decoder, Arrays.copyOf(Files.readAllBytes(decoder), (int) Files.size(decoder) / 3));
    updateManifestEntry(dir, DECODER);

    assertEquals(3, validate(dir));
    assertTrue(
        onlyErrorLine(), onlyErrorLine().startsWith(DECODER + ": not a loadable ONNX model: "));
  }

  @Test
  public void chatTemplateThatDoesNotParse_exits3NamingTheFileAndLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Files.writeString(
        dir.resolve("chat_template.jinja"),
        "{%- if messages %}\n{{ messages[0].content | shout }}");
    updateManifestEntry(dir, "chat_template.jinja");

    assertEquals(3, validate(dir));
    assertEquals("chat_template.jinja: line 2: unknown filter 'shout'", onlyErrorLine());
  }

  @Test
  public void missingTokenizer_exits3WithOneLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Files.delete(dir.resolve("tokenizer.json"));

    assertEquals(3, validate(dir));
    assertEquals("tokenizer.json: missing", onlyErrorLine());
  }

  @Test
  public void addedTokenWithNegativeId_exits3WithOneLineNamingTheToken() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Path tokenizer = dir.resolve("tokenizer.json");
    JsonObject json = readJson(tokenizer);
    JsonObject first = json.getAsJsonArray("added_tokens").get(0).getAsJsonObject();
    String content = first.get("content").getAsString();
    first.addProperty("id", -5);
    writeJson(tokenizer, json);
    updateManifestEntry(dir, "tokenizer.json");

    assertEquals(3, validate(dir));
    assertTrue(onlyErrorLine(), onlyErrorLine().contains("tokenizer.json"));
    assertTrue(onlyErrorLine(), onlyErrorLine().contains(content));
    assertTrue(onlyErrorLine(), onlyErrorLine().contains("-5"));
  }

  @Test
  public void entryWithoutDigest_isNotValidEvenBeforeAByteFlips() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Path manifest = dir.resolve("lumen-package.json");
    JsonObject json = readJson(manifest);
    for (JsonElement element : json.getAsJsonArray("files")) {
      JsonObject file = element.getAsJsonObject();
      if (file.get("path").getAsString().equals(DECODER)) {
        file.remove("sha256");
      }
    }
    writeJson(manifest, json);
    Path decoder = dir.resolve(DECODER);
    byte[] bytes = Files.readAllBytes(decoder);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(decoder, bytes);

    assertEquals(3, validate(dir));
    assertTrue(onlyErrorLine(), onlyErrorLine().contains(DECODER + ": needs a sha256"));
  }

  @Test
  public void unlistedEditedChatTemplate_exits3NamingIt() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Path manifest = dir.resolve("lumen-package.json");
    JsonObject json = readJson(manifest);
    JsonArray files = json.getAsJsonArray("files");
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).getAsJsonObject().get("path").getAsString().equals("chat_template.jinja")) {
        files.remove(i);
        break;
      }
    }
    writeJson(manifest, json);
    Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages }}");

    assertEquals(3, validate(dir));
    assertTrue(onlyErrorLine(), onlyErrorLine().startsWith("chat_template.jinja: "));
  }

  @Test
  public void wrongTensorName_exits3NamingBothNames() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    // Rename the decoder input everywhere in the protobuf (same length, so the file stays valid).
    Path decoder = dir.resolve(DECODER);
    String bytes = new String(Files.readAllBytes(decoder), StandardCharsets.ISO_8859_1);
    Files.write(
        decoder,
        bytes.replace("inputs_embeds", "inputs_embedx").getBytes(StandardCharsets.ISO_8859_1));
    updateManifestEntry(dir, DECODER);

    assertEquals(3, validate(dir));
    assertEquals(
        DECODER
            + ": decoder graph: input inputs_embeds: missing; the graph has inputs_embedx instead"
            + " (expected the name inputs_embeds)",
        onlyErrorLine());
  }

  @Test
  public void kvShapeDifferentFromConfig_exits3WithOneLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    JsonObject config = readJson(dir.resolve("config.json"));
    JsonObject text = config.getAsJsonObject("text_config");
    int kvHeads = text.get("num_key_value_heads").getAsInt();
    int headDim = text.get("head_dim").getAsInt();
    text.addProperty("num_key_value_heads", kvHeads * 2);
    text.addProperty("num_attention_heads", kvHeads * 2);
    writeJson(dir.resolve("config.json"), config);
    updateManifestEntry(dir, "config.json");

    assertEquals(3, validate(dir));
    assertEquals(
        DECODER
            + ": decoder graph: inputs past_key_values.N.key/value: shape [?, "
            + kvHeads
            + ", ?, "
            + headDim
            + "], expected [?, "
            + kvHeads * 2
            + ", ?, "
            + headDim
            + "] (num_key_value_heads "
            + kvHeads * 2
            + ", head_dim "
            + headDim
            + ")",
        onlyErrorLine());
  }

  @Test
  public void malformedJson_exits3WithOneLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN2_VL);
    Files.writeString(
        dir.resolve("generation_config.json"), "{\"eos_token_id\": [1, 2", StandardCharsets.UTF_8);
    updateManifestEntry(dir, "generation_config.json");

    assertEquals(3, validate(dir));
    assertTrue(
        onlyErrorLine(), onlyErrorLine().startsWith("generation_config.json: malformed JSON: "));
  }

  @Test
  public void hashMismatch_exits5WithOneLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN2_5_VL);
    Path embed = dir.resolve(TinyPackageGenerator.EMBED_GRAPH);
    byte[] bytes = Files.readAllBytes(embed);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(embed, bytes);

    assertEquals(5, validate(dir));
    assertTrue(
        onlyErrorLine(),
        onlyErrorLine()
            .matches("onnx/embed_tokens\\.onnx: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}"));
  }

  @Test
  public void pathEscapingTheFolder_exits3WithOneLine() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Path manifest = dir.resolve("lumen-package.json");
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace("\"path\": \"tokenizer.json\"", "\"path\": \"../../tokenizer.json\""),
        StandardCharsets.UTF_8);

    assertEquals(3, validate(dir));
    assertTrue(onlyErrorLine(), onlyErrorLine().contains("\"../../tokenizer.json\""));
    assertTrue(onlyErrorLine(), onlyErrorLine().startsWith("lumen-package.json: "));
  }

  @Test
  public void json_printsOneObjectWithEveryProblem() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    Files.delete(dir.resolve("tokenizer.json"));

    assertEquals(3, validate(dir, "--json"));
    JsonObject result = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
    assertEquals(false, result.get("valid").getAsBoolean());
    assertEquals(
        "tokenizer.json: missing",
        result.getAsJsonArray("problems").get(0).getAsJsonObject().get("message").getAsString());
  }

  @Test
  public void unsupportedFamily_exits3NamingTheFamilyFirst() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    declareFamily(dir, "qwen3_5");

    assertEquals(3, validate(dir));
    assertEquals(
        "lumen-package.json: family: Qwen3.5 models are not supported by this version of Lumen",
        err.toString().split("\\R")[0]);
    assertFalse(out.toString(), out.toString().contains("memory:"));
  }

  @Test
  public void unsupportedFamily_json_saysNotSupported_andHasNoForecast() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    declareFamily(dir, "qwen3_5");

    assertEquals(3, validate(dir, "--json"));
    JsonObject result = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
    assertFalse(result.get("supported").getAsBoolean());
    assertFalse(result.has("memory"));
  }

  @Test
  public void validPackage_printsItsMemoryForecast() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);

    assertEquals(err.toString(), 0, validate(dir));
    String[] lines = out.toString().trim().split("\\R");
    assertEquals(out.toString(), 2, lines.length);
    assertTrue(lines[1], lines[1].startsWith("memory: weights "));
    assertTrue(lines[1], lines[1].contains(" MiB with a photo of 256 image tokens"));
  }

  @Test
  public void validPackage_json_forecastsFromTheManifestAndConfig() throws Exception {
    Path dir = tiny(ModelFamily.QWEN3_VL);
    JsonObject manifest = readJson(dir.resolve("lumen-package.json"));
    long graphBytes = 0;
    for (JsonElement element : manifest.getAsJsonArray("files")) {
      JsonObject file = element.getAsJsonObject();
      String path = file.get("path").getAsString();
      if (path.startsWith(DECODER) || path.startsWith(TinyPackageGenerator.EMBED_GRAPH)) {
        graphBytes += file.get("size").getAsLong();
      }
    }
    JsonObject text = readJson(dir.resolve("config.json")).getAsJsonObject("text_config");
    long cachePerToken =
        text.get("num_hidden_layers").getAsLong()
            * text.get("num_key_value_heads").getAsLong()
            * text.get("head_dim").getAsLong()
            * 2 // key and value
            * Float.BYTES;

    assertEquals(err.toString(), 0, validate(dir, "--json"));
    JsonObject result = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
    assertTrue(result.get("supported").getAsBoolean());
    JsonObject memory = result.getAsJsonObject("memory");
    assertEquals(graphBytes, memory.get("weight_bytes").getAsLong());
    assertEquals(cachePerToken, memory.get("cache_bytes_per_token").getAsLong());
    long context = memory.get("context_tokens").getAsLong();
    assertTrue(String.valueOf(context), context >= 4096 && context <= 8192);
    assertEquals(
        graphBytes + 2 * context * cachePerToken + memory.get("fixed_bytes").getAsLong(),
        memory.get("text_peak_bytes").getAsLong());
    assertEquals(
        memory.get("text_peak_bytes").getAsLong()
            + memory.get("vision_weight_bytes").getAsLong()
            + memory.get("vision_encode_bytes").getAsLong(),
        memory.get("photo_peak_bytes").getAsLong());
  }

  /** Makes the manifest say the package is of {@code family}, its files unchanged. */
  private static void declareFamily(Path dir, String family) throws Exception {
    Path manifest = dir.resolve("lumen-package.json");
    JsonObject json = readJson(manifest);
    json.addProperty("family", family);
    writeJson(manifest, json);
  }

  /** Makes the manifest agree with the file on disk again (size and SHA-256). */
  private static void updateManifestEntry(Path dir, String path) throws Exception {
    Path manifest = dir.resolve("lumen-package.json");
    JsonObject json = readJson(manifest);
    for (JsonElement element : json.getAsJsonArray("files")) {
      JsonObject file = element.getAsJsonObject();
      if (file.get("path").getAsString().equals(path)) {
        file.addProperty("size", Files.size(dir.resolve(path)));
        file.addProperty("sha256", FileDigests.sha256(dir.resolve(path)));
      }
    }
    writeJson(manifest, json);
  }

  private static JsonObject readJson(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static void writeJson(Path file, JsonObject json) throws Exception {
    Files.writeString(
        file, new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
  }
}
