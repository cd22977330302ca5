package app.lumen.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageVerifier;
import app.lumen.testkit.reference.OnnxInitializers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TinyPackageGeneratorTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** Qwen3-VL's added tokens in their real id order (tokenizer.json 151643..151668). */
  private static final List<String> QWEN_ADDED =
      List.of(
          "<|endoftext|>",
          "<|im_start|>",
          "<|im_end|>",
          "<|object_ref_start|>",
          "<|object_ref_end|>",
          "<|box_start|>",
          "<|box_end|>",
          "<|quad_start|>",
          "<|quad_end|>",
          "<|vision_start|>",
          "<|vision_end|>",
          "<|vision_pad|>",
          "<|image_pad|>",
          "<|video_pad|>",
          "<tool_call>",
          "</tool_call>",
          "<|fim_prefix|>",
          "<|fim_middle|>",
          "<|fim_suffix|>",
          "<|fim_pad|>",
          "<|repo_name|>",
          "<|file_sep|>",
          "<tool_response>",
          "</tool_response>",
          "<think>",
          "</think>");

  @Test
  public void sameSeed_writesByteIdenticalPackages() throws Exception {
    for (ModelFamily family : GeneratedFamilies.SUPPORTED) {
      Path a = tmp.newFolder().toPath();
      Path b = tmp.newFolder().toPath();
      TinyPackageGenerator.generate(a, 42, family);
      TinyPackageGenerator.generate(b, 42, family);
      List<String> files = relativeFiles(a);
      assertEquals(files, relativeFiles(b));
      for (String f : files) {
        assertArrayEquals(
            family + " " + f, Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)));
      }
    }
  }

  @Test
  public void differentSeed_changesTheWeightsButNotTheTokenizer() throws Exception {
    Path a = tmp.newFolder().toPath();
    Path b = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(a, 1, ModelFamily.QWEN3_VL);
    TinyPackageGenerator.generate(b, 2, ModelFamily.QWEN3_VL);
    for (String graph :
        List.of(TinyPackageGenerator.EMBED_GRAPH, TinyPackageGenerator.DECODER_GRAPH)) {
      assertFalse(
          graph,
          Arrays.equals(
              Files.readAllBytes(a.resolve(graph)), Files.readAllBytes(b.resolve(graph))));
    }
    assertArrayEquals(
        Files.readAllBytes(a.resolve("tokenizer.json")),
        Files.readAllBytes(b.resolve("tokenizer.json")));
  }

  @Test
  public void manifest_listsEveryOtherFile_andVerifiesWithSizesAndHashes() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.Result result =
        TinyPackageGenerator.generate(dir, 3, ModelFamily.QWEN3_VL);

    PackageManifest read = PackageManifest.read(dir);
    assertEquals(result.manifest(), read);
    assertEquals("qwen3_vl", read.family());
    assertEquals(TinyPackageGenerator.EMBED_GRAPH, read.graph("embed").orElseThrow());
    assertEquals(TinyPackageGenerator.DECODER_GRAPH, read.graph("decoder").orElseThrow());
    assertEquals(TinyPackageGenerator.VISION_GRAPH, read.graph("vision").orElseThrow());
    assertEquals(null, read.source());
    List<String> onDisk = relativeFiles(dir);
    onDisk.remove(PackageManifest.FILE_NAME);
    List<String> listed = new ArrayList<>();
    read.files().forEach(f -> listed.add(f.path()));
    assertEquals(onDisk, listed);
    assertEquals(List.of(), PackageVerifier.verify(dir, read, PackageVerifier.Mode.FULL));

    // A changed byte is an integrity problem for the verifier: the hashes are real.
    Path config = dir.resolve("config.json");
    byte[] bytes = Files.readAllBytes(config);
    bytes[10] ^= 1;
    Files.write(config, bytes);
    assertEquals(1, PackageVerifier.verify(dir, read, PackageVerifier.Mode.FULL).size());
  }

  @Test
  public void tokenizer_isConsistentByteLevelBpe_withQwensAddedTokensInOrder() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 3, ModelFamily.QWEN3_VL);
    JsonObject tok = json(dir.resolve("tokenizer.json"));
    JsonObject model = tok.getAsJsonObject("model");
    JsonObject vocab = model.getAsJsonObject("vocab");
    TreeSet<Integer> ids = new TreeSet<>();
    for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
      ids.add(e.getValue().getAsInt());
    }
    assertEquals(vocab.size(), ids.size());
    assertEquals(0, (int) ids.first());
    assertEquals(vocab.size() - 1, (int) ids.last());
    assertEquals(0, vocab.get("!").getAsInt()); // GPT-2 byte order, as in Qwen's vocabulary
    assertEquals(220, vocab.get("Ġ").getAsInt()); // the space byte
    JsonArray merges = model.getAsJsonArray("merges");
    assertTrue("merges learned: " + merges.size(), merges.size() >= 100);
    for (JsonElement m : merges) {
      String left = m.getAsJsonArray().get(0).getAsString();
      String right = m.getAsJsonArray().get(1).getAsString();
      assertTrue(left, vocab.has(left));
      assertTrue(right, vocab.has(right));
      assertTrue(left + right, vocab.has(left + right));
    }
    JsonArray added = tok.getAsJsonArray("added_tokens");
    assertEquals(QWEN_ADDED.size(), added.size());
    for (int i = 0; i < added.size(); i++) {
      JsonObject a = added.get(i).getAsJsonObject();
      assertEquals(QWEN_ADDED.get(i), a.get("content").getAsString());
      assertEquals(vocab.size() + i, a.get("id").getAsInt());
      // Qwen marks <|endoftext|> … <|video_pad|> special, the rest (tools, fim, think) not.
      assertEquals(a.get("content").getAsString(), i <= 13, a.get("special").getAsBoolean());
    }
  }

  @Test
  public void configTokenIds_nameTheRightTokens_andVocabCoversTheTokenizer() throws Exception {
    for (ModelFamily family : GeneratedFamilies.SUPPORTED) {
      Path dir = tmp.newFolder().toPath();
      TinyPackageGenerator.generate(dir, 3, family);
      JsonObject config = json(dir.resolve("config.json"));
      JsonObject tok = json(dir.resolve("tokenizer.json"));
      int tokenizerSize = tok.getAsJsonObject("model").getAsJsonObject("vocab").size() + 26;
      JsonObject text =
          family == ModelFamily.QWEN3_VL ? config.getAsJsonObject("text_config") : config;
      int vocabSize = text.get("vocab_size").getAsInt();
      assertTrue(vocabSize >= tokenizerSize && vocabSize % 64 == 0);
      assertEquals("<|image_pad|>", content(tok, config.get("image_token_id").getAsInt()));
      assertEquals("<|video_pad|>", content(tok, config.get("video_token_id").getAsInt()));
      assertEquals(
          "<|vision_start|>", content(tok, config.get("vision_start_token_id").getAsInt()));
      assertEquals("<|vision_end|>", content(tok, config.get("vision_end_token_id").getAsInt()));
      JsonArray eos = json(dir.resolve("generation_config.json")).getAsJsonArray("eos_token_id");
      assertEquals("<|im_end|>", content(tok, eos.get(0).getAsInt()));
      assertEquals("<|endoftext|>", content(tok, eos.get(1).getAsInt()));

      String template = Files.readString(dir.resolve("chat_template.jinja"));
      assertTrue(template.contains("<|vision_start|><|image_pad|><|vision_end|>"));
      // Qwen2-VL's template injects a default system turn; Qwen3-VL's does not.
      assertEquals(
          family != ModelFamily.QWEN3_VL, template.contains("You are a helpful assistant."));

      JsonObject rope = text.getAsJsonObject("rope_scaling");
      int sectionSum = 0;
      for (JsonElement s : rope.getAsJsonArray("mrope_section")) {
        sectionSum += s.getAsInt();
      }
      int headDim =
          text.has("head_dim")
              ? text.get("head_dim").getAsInt()
              : text.get("hidden_size").getAsInt() / text.get("num_attention_heads").getAsInt();
      assertEquals(headDim / 2, sectionSum);
      assertEquals(
          family == ModelFamily.QWEN3_VL,
          rope.has("mrope_interleaved") && rope.get("mrope_interleaved").getAsBoolean());

      float[] table =
          OnnxInitializers.read(dir.resolve(TinyPackageGenerator.EMBED_GRAPH))
              .get("model.embed_tokens.weight")
              .values();
      assertEquals((long) vocabSize * text.get("hidden_size").getAsInt(), table.length);
    }
  }

  @Test
  public void decoderGraph_exposesTheDocumentedInputsAndOutputs() throws Exception {
    for (ModelFamily family : GeneratedFamilies.SUPPORTED) {
      Path dir = tmp.newFolder().toPath();
      TinyPackageGenerator.generate(dir, 3, family);
      try (OrtSession s =
          OrtDecoder.ENV.createSession(
              dir.resolve(TinyPackageGenerator.DECODER_GRAPH).toString())) {
        Map<String, NodeInfo> in = s.getInputInfo();
        List<String> expectedInputs =
            new ArrayList<>(
                List.of(
                    "inputs_embeds",
                    "attention_mask",
                    "position_ids",
                    "past_key_values.0.key",
                    "past_key_values.0.value",
                    "past_key_values.1.key",
                    "past_key_values.1.value"));
        if (family == ModelFamily.QWEN3_VL) {
          expectedInputs.add("deepstack_embeds");
        }
        assertEquals(expectedInputs, new ArrayList<>(in.keySet()));
        assertShape(in.get("inputs_embeds"), "float", "batch_size", "sequence_length", "64");
        assertShape(in.get("attention_mask"), "int64", "batch_size", "total_sequence_length");
        assertShape(in.get("position_ids"), "int64", "3", "batch_size", "sequence_length");
        assertShape(
            in.get("past_key_values.1.value"),
            "float",
            "batch_size",
            "2",
            "past_sequence_length",
            "16");
        if (family == ModelFamily.QWEN3_VL) {
          assertShape(
              in.get("deepstack_embeds"), "float", "2", "batch_size", "sequence_length", "64");
        }
        Map<String, NodeInfo> out = s.getOutputInfo();
        assertEquals(
            List.of(
                "logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value"),
            new ArrayList<>(out.keySet()));
        assertShape(out.get("logits"), "float", "batch_size", "sequence_length", "448");
        assertShape(
            out.get("present.0.key"), "float", "batch_size", "2", "total_sequence_length", "16");
      }
    }
  }

  private static void assertShape(NodeInfo info, String type, String... dims) {
    TensorInfo t = (TensorInfo) info.getInfo();
    assertEquals(info.getName(), type, t.type.toString().toLowerCase());
    long[] shape = t.getShape();
    String[] names = t.getDimensionNames();
    String[] actual = new String[shape.length];
    for (int i = 0; i < shape.length; i++) {
      actual[i] = shape[i] >= 0 ? Long.toString(shape[i]) : names[i];
    }
    assertArrayEquals(info.getName(), dims, actual);
  }

  private static String content(JsonObject tok, int id) {
    for (JsonElement e : tok.getAsJsonArray("added_tokens")) {
      if (e.getAsJsonObject().get("id").getAsInt() == id) {
        return e.getAsJsonObject().get("content").getAsString();
      }
    }
    return null;
  }

  private static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static List<String> relativeFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return new ArrayList<>(
          s.filter(Files::isRegularFile)
              .map(p -> dir.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList());
    }
  }
}
