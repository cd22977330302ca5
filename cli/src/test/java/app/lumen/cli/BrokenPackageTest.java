package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.SignaturePackage;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import picocli.CommandLine;

/**
 * Every broken package goes through {@code lumen validate} and through the loader as {@code lumen
 * generate} runs it: both refuse it with the same exit code and the same lines (generate prefixes
 * its command name), each naming the file and the field or tensor, none carrying library internals.
 */
public class BrokenPackageTest {
  @ClassRule
  public static final org.junit.rules.TemporaryFolder TMP = new org.junit.rules.TemporaryFolder();

  private static final String DECODER = TinyPackageGenerator.DECODER_GRAPH;

  /** Words that only a stack trace or a library's own advice would put in a message. */
  private static final String[] INTERNALS = {
    "Exception", "Strictness", "LENIENT", "at app.", "java.", "com.google"
  };

  private static Path pristine;
  private static JsonObject text;

  /** One way to break a package, and the lines both commands must print. */
  private interface Breakage {
    void apply(Path dir) throws IOException;
  }

  private record Case(String name, Breakage breakage, int exit, String... lines) {}

  @BeforeClass
  public static void buildPackage() throws Exception {
    pristine = TMP.newFolder("pristine").toPath();
    TinyPackageGenerator.generate(pristine, 42, ModelFamily.QWEN3_VL);
    text = readJson(pristine.resolve("config.json")).getAsJsonObject("text_config");
  }

  private static List<Case> cases() {
    int vocab = text.get("vocab_size").getAsInt();
    int headDim = text.get("head_dim").getAsInt();
    List<Case> cases = new ArrayList<>();
    cases.add(
        new Case(
            "config.json not JSON",
            dir -> rewrite(dir, "config.json", "{\"model_type\": \"qwen3_vl\"} trailing"),
            3,
            "config.json: malformed JSON: line 1 column 27: text after the JSON value"));
    cases.add(
        new Case(
            "generation_config.json cut short",
            dir -> rewrite(dir, "generation_config.json", "{\"eos_token_id\": [1, 2"),
            3,
            "generation_config.json: malformed JSON: line 1 column 23:"
                + " the file ends before the JSON value does"));
    cases.add(
        new Case(
            "preprocessor_config.json with a trailing comma",
            dir -> rewrite(dir, "preprocessor_config.json", "{\"patch_size\": 16,}"),
            3,
            "preprocessor_config.json: malformed JSON: line 1 column 20:"
                + " expected a field name in double quotes"));
    cases.add(
        new Case(
            "tokenizer_config.json without a colon",
            dir -> rewrite(dir, "tokenizer_config.json", "{\"eos_token\" \"x\"}"),
            3,
            "tokenizer_config.json: malformed JSON: line 1 column 15: expected ':' after a field"
                + " name"));
    cases.add(
        new Case(
            "config.json in single quotes",
            dir -> rewrite(dir, "config.json", "{'model_type': 'qwen3_vl'}"),
            3,
            "config.json: malformed JSON: line 1 column 3: not valid JSON"));
    cases.add(
        new Case(
            "generation_config.json with a comment",
            dir -> rewrite(dir, "generation_config.json", "// defaults\n{\"eos_token_id\": 1}"),
            3,
            "generation_config.json: malformed JSON: line 1 column 2: not valid JSON"));
    cases.add(
        new Case(
            "preprocessor_config.json with NaN",
            dir -> rewrite(dir, "preprocessor_config.json", "{\"patch_size\": NaN}"),
            3,
            "preprocessor_config.json: malformed JSON: line 1 column 16: not valid JSON"));
    cases.add(
        new Case(
            "tokenizer.json with a field name in single quotes",
            dir -> {
              String json = Files.readString(dir.resolve("tokenizer.json"), StandardCharsets.UTF_8);
              rewrite(dir, "tokenizer.json", "{'version': \"1.0\", " + json.substring(1));
            },
            3,
            "tokenizer.json: malformed JSON at $.: line 1 column 3: not valid JSON"));
    cases.add(
        new Case(
            "lumen-package.json with a comment",
            dir -> {
              Path manifest = dir.resolve("lumen-package.json");
              String json = Files.readString(manifest, StandardCharsets.UTF_8);
              Files.writeString(manifest, "/* generated */ " + json, StandardCharsets.UTF_8);
            },
            3,
            "lumen-package.json: malformed JSON: line 1 column 2: not valid JSON"));
    cases.add(
        new Case(
            "a family this version does not run, with a file cut short too",
            dir -> {
              editJson(dir, "lumen-package.json", m -> m.addProperty("family", "qwen3_5"));
              Files.writeString(dir.resolve("config.json"), "{}", StandardCharsets.UTF_8);
            },
            3,
            "lumen-package.json: family: Qwen3.5 models are not supported by this version of"
                + " Lumen"));
    cases.add(
        new Case(
            "eos id of the wrong type",
            dir -> editText(dir, t -> t.add("eos_token_id", strings("x"))),
            3,
            "config.json: text_config.eos_token_id[0]: expected a whole number, found \"x\""));
    cases.add(
        new Case(
            "size written as a string",
            dir -> editText(dir, t -> t.addProperty("hidden_size", "64")),
            3,
            "config.json: text_config.hidden_size: expected a whole number, found \"64\""));
    cases.add(
        new Case(
            "negative head_dim",
            dir -> editText(dir, t -> t.addProperty("head_dim", -16)),
            3,
            "config.json: text_config.head_dim: expected a whole number > 0, found -16"));
    cases.add(
        new Case(
            "zero rms_norm_eps",
            dir -> editText(dir, t -> t.addProperty("rms_norm_eps", 0)),
            3,
            "config.json: text_config.rms_norm_eps: expected a number > 0, found 0"));
    cases.add(
        new Case(
            "zero vocab_size",
            dir -> editText(dir, t -> t.addProperty("vocab_size", 0)),
            3,
            "config.json: text_config.vocab_size: expected a whole number > 0, found 0"));
    cases.add(
        new Case(
            "eos id past the vocabulary in config.json",
            dir -> editText(dir, t -> t.addProperty("eos_token_id", vocab)),
            3,
            "config.json: text_config.eos_token_id: expected a token id in 0.."
                + (vocab - 1)
                + " (vocab_size "
                + vocab
                + "), found "
                + vocab));
    cases.add(
        new Case(
            "mrope sections not covering the head",
            dir ->
                editText(
                    dir,
                    t -> t.getAsJsonObject("rope_scaling").add("mrope_section", ints(1, 1, 1))),
            3,
            "config.json: text_config.rope_scaling.mrope_section: entries sum to 3, expected"
                + " head_dim / 2 = "
                + headDim / 2
                + " (one section per rotary frequency pair)"));
    cases.add(
        new Case(
            "deepstack index past the vision tower",
            dir ->
                editJson(
                    dir,
                    "config.json",
                    c ->
                        c.getAsJsonObject("vision_config")
                            .add("deepstack_visual_indexes", ints(0, 7))),
            3,
            "config.json: vision_config.deepstack_visual_indexes[1]: expected a block index in"
                + " 0..2 (depth 3), found 7"));
    cases.add(
        new Case(
            "missing required field",
            dir -> editText(dir, t -> t.remove("num_hidden_layers")),
            3,
            "config.json: text_config.num_hidden_layers: missing"));
    cases.add(
        new Case(
            "negative temperature",
            dir -> editJson(dir, "generation_config.json", g -> g.addProperty("temperature", -1)),
            3,
            "generation_config.json: temperature: expected a number >= 0, found -1"));
    cases.add(
        new Case(
            "top_p above 1",
            dir -> editJson(dir, "generation_config.json", g -> g.addProperty("top_p", 2)),
            3,
            "generation_config.json: top_p: expected a number in (0, 1], found 2"));
    cases.add(
        new Case(
            "eos id past the tokenizer",
            dir ->
                editJson(
                    dir, "generation_config.json", g -> g.addProperty("eos_token_id", 100_000)),
            3,
            "generation_config.json: eos_token_id 100000 is not a token of tokenizer.json (0.."
                + (tokenCount() - 1)
                + ")"));
    cases.add(
        new Case(
            "zero image_std",
            dir ->
                editJson(
                    dir, "preprocessor_config.json", p -> p.add("image_std", numbers(0.5, 0, 0.5))),
            3,
            "preprocessor_config.json: image_std[1]: expected a number > 0, found 0.0"));
    cases.add(
        new Case(
            "patch size written as a word",
            dir -> editJson(dir, "preprocessor_config.json", p -> p.addProperty("patch_size", "x")),
            3,
            "preprocessor_config.json: patch_size: expected a whole number, found \"x\""));
    cases.add(
        new Case(
            "missing file",
            dir -> Files.delete(dir.resolve("generation_config.json")),
            3,
            "generation_config.json: missing"));
    cases.add(
        new Case(
            "config edited behind the manifest's back",
            dir -> {
              // Same size, still valid JSON: only the digest tells.
              Path config = dir.resolve("config.json");
              Files.writeString(config, Files.readString(config).replaceFirst(": ", ":\t"));
            },
            5,
            "config.json: sha256 "
                + "(the digest of the edited file), expected "
                + "(the manifest's)"));
    cases.add(
        new Case(
            "decoder input renamed",
            dir -> renameInGraph(dir, DECODER, "inputs_embeds", "inputs_embedx"),
            3,
            DECODER
                + ": decoder graph: input inputs_embeds: missing; the graph has inputs_embedx"
                + " instead (expected the name inputs_embeds)"));
    cases.add(
        new Case(
            "vision input renamed",
            dir ->
                renameInGraph(
                    dir, TinyPackageGenerator.VISION_GRAPH, "pixel_values", "pixel_valuez"),
            3,
            TinyPackageGenerator.VISION_GRAPH
                + ": vision graph: input pixel_values: missing; the graph has pixel_valuez"
                + " instead (expected the name pixel_values)"));
    cases.add(
        new Case(
            "decoder cut short",
            dir -> {
              Path decoder = dir.resolve(DECODER);
              byte[] bytes = Files.readAllBytes(decoder);
              Files.write(decoder, java.util.Arrays.copyOf(bytes, bytes.length / 3));
              SignaturePackage.rewriteManifest(dir);
            },
            3,
            DECODER + ": not a loadable ONNX model: malformed protobuf"));
    cases.add(
        new Case(
            "decoder with an operator no runtime has",
            dir -> {
              // Same length, so the protobuf stays valid: only ONNX Runtime can tell.
              Path decoder = dir.resolve(DECODER);
              Files.write(decoder, replaceAll(Files.readAllBytes(decoder), "MatMul", "MatMuX"));
              SignaturePackage.rewriteManifest(dir);
            },
            3,
            DECODER
                + ": not a loadable ONNX model: This is an invalid model. In Node,"
                + " (\"layers.0/MatMuX_44\", MatMuX, \"\", -1) : (\"layers.0/Mul_40\": tensor(float),"
                + "\"model.layers.0.self_attn.k_proj.weight\": tensor(float),) ->"
                + " (\"layers.0/MatMuX_44\",) , Error No Op registered for MatMuX with"
                + " domain_version of 17"));
    cases.add(
        new Case(
            "chat template with an unknown filter",
            dir ->
                rewrite(
                    dir,
                    "chat_template.jinja",
                    "{%- if messages %}\n{{ messages[0].content | shout }}"),
            3,
            "chat_template.jinja: line 2: unknown filter 'shout'"));
    return cases;
  }

  @Test
  public void everyBrokenPackage_validateAndGenerate_agreeOnExitCodeAndLines() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Case c : cases()) {
      Path dir = broken(c);
      Run validate = run("validate", "--model", dir.toString());
      Run generate = run("generate", "--model", dir.toString(), "--prompt", "hi");

      List<String> lines = validate.lines();
      if (validate.exit != c.exit() || !matches(c.lines(), lines)) {
        failures.add(c.name() + ": validate exit " + validate.exit + ": " + lines);
      }
      if (generate.exit != c.exit() || !prefixed("generate", lines).equals(generate.lines())) {
        failures.add(c.name() + ": generate exit " + generate.exit + ": " + generate.lines());
      }
    }
    assertEquals(String.join("\n", failures), List.of(), failures);
  }

  @Test
  public void everyBrokenPackage_chatAndBench_refuseItWithTheSameLines() throws Exception {
    for (Case c : cases()) {
      Path dir = broken(c);
      List<String> expected = run("validate", "--model", dir.toString()).lines();

      Run bench = run("bench", "--model", dir.toString(), "--runs", "1", "--gen-tokens", "2");
      Run chat = chat(dir);

      assertEquals(c.name() + ": " + bench.err, c.exit(), bench.exit);
      assertEquals(c.name() + ": " + chat.err, c.exit(), chat.exit);
      assertEquals(c.name(), prefixed("bench", expected), bench.lines());
      assertEquals(c.name(), prefixed("chat", expected), chat.lines());
    }
  }

  @Test
  public void noMessageOfABrokenPackage_carriesLibraryInternals() throws Exception {
    for (Case c : cases()) {
      Path dir = broken(c);
      for (Run r :
          List.of(
              run("validate", "--model", dir.toString()),
              run("validate", "--model", dir.toString(), "--json"),
              run("generate", "--model", dir.toString(), "--prompt", "hi"))) {
        String all = r.err + r.out;
        for (String internal : INTERNALS) {
          assertFalse(c.name() + " says " + internal + ": " + all, all.contains(internal));
        }
        assertFalse(c.name() + ": " + r.err, r.err.isBlank());
      }
    }
  }

  /**
   * The one check a load leaves out: the graphs' hashes (gigabytes on every start). Their sizes are
   * still checked on every load, and validate, the installer and the app's import hash them.
   */
  @Test
  public void graphEditedBehindTheManifestsBack_isFoundByValidate_notRehashedOnLoad()
      throws Exception {
    Path dir = copy("graph-hash");
    Path embed = dir.resolve(TinyPackageGenerator.EMBED_GRAPH);
    byte[] bytes = Files.readAllBytes(embed);
    // The graph's doc string: the weights and the signature stay as they were.
    String doc = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = doc.indexOf("lumen");
    assertTrue("the tiny graph names its producer", at >= 0);
    bytes[at] = 'L';
    Files.write(embed, bytes);

    Run validate = run("validate", "--model", dir.toString());
    assertEquals(validate.err, 5, validate.exit);
    assertTrue(
        validate.err,
        validate.lines().get(0).matches("onnx/embed_tokens\\.onnx: sha256 [0-9a-f]{64}, .*"));
    Run generate =
        run("generate", "--model", dir.toString(), "--prompt", "hi", "--max-tokens", "1");
    assertEquals(generate.err, 0, generate.exit);
  }

  private static boolean matches(String[] expected, List<String> actual) {
    if (expected.length != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean same =
          expected[i].startsWith("config.json: sha256 (")
              ? actual.get(i).matches("config\\.json: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}")
              : expected[i].equals(actual.get(i));
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private static List<String> prefixed(String command, List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add("lumen " + command + ": " + line);
    }
    return out;
  }

  private static int tokenCount() {
    try {
      JsonObject tokenizer = readJson(pristine.resolve("tokenizer.json"));
      int count = tokenizer.getAsJsonObject("model").getAsJsonObject("vocab").size();
      for (var token : tokenizer.getAsJsonArray("added_tokens")) {
        count = Math.max(count, token.getAsJsonObject().get("id").getAsInt() + 1);
      }
      return count;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private record Run(int exit, String out, String err) {
    List<String> lines() {
      List<String> lines = new ArrayList<>();
      for (String line : err.split("\\R")) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run chat(Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ChatCommand chat = new ChatCommand();
    chat.input = new ByteArrayInputStream("hi\n/quit\n".getBytes(StandardCharsets.UTF_8));
    CommandLine cli = new CommandLine(chat);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("--model", dir.toString(), "--max-tokens", "1");
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path broken(Case c) throws IOException {
    Path dir = copy(c.name().replaceAll("[^A-Za-z0-9]+", "-"));
    c.breakage().apply(dir);
    return dir;
  }

  private static Path copy(String name) throws IOException {
    Path dir = TMP.getRoot().toPath().resolve(name + "-" + System.nanoTime());
    try (Stream<Path> files = Files.walk(pristine)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, dir.resolve(pristine.relativize(file).toString()));
      }
    }
    return dir;
  }

  /** Renames a tensor everywhere in a graph (same length, so the protobuf stays well-formed). */
  private static void renameInGraph(Path dir, String graph, String from, String to)
      throws IOException {
    Path file = dir.resolve(graph);
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    Files.write(file, bytes.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
    SignaturePackage.rewriteManifest(dir);
  }

  /** Writes {@code file} and lists it in the manifest as it now is (an edit by hand). */
  private static byte[] replaceAll(byte[] bytes, String from, String to) {
    byte[] a = from.getBytes(StandardCharsets.US_ASCII);
    byte[] b = to.getBytes(StandardCharsets.US_ASCII);
    byte[] out = bytes.clone();
    for (int i = 0; i + a.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
        System.arraycopy(b, 0, out, i, b.length);
      }
    }
    return out;
  }

  private static void rewrite(Path dir, String file, String content) throws IOException {
    Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);
  }

  private static void editJson(Path dir, String file, Consumer<JsonObject> edit)
      throws IOException {
    JsonObject json = readJson(dir.resolve(file));
    edit.accept(json);
    rewrite(dir, file, json.toString());
  }

  private static void editText(Path dir, Consumer<JsonObject> edit) throws IOException {
    editJson(dir, "config.json", c -> edit.accept(c.getAsJsonObject("text_config")));
  }

  private static JsonObject readJson(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static JsonArray strings(String... values) {
    JsonArray array = new JsonArray();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  private static JsonArray ints(int... values) {
    JsonArray array = new JsonArray();
    for (int value : values) {
      array.add(value);
    }
    return array;
  }

  private static JsonArray numbers(double... values) {
    JsonArray array = new JsonArray();
    for (double value : values) {
      array.add(value);
    }
    return array;
  }
}
