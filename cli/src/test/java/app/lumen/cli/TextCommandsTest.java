package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * tokenize, detokenize and render through the command line, on the real Qwen3-VL tokenizer and the
 * transformers.js vectors committed with the engine's tests.
 */
public class TextCommandsTest {
  private static final Path RESOURCES =
      Paths.get("../inference-android/src/test/resources/qwen3-vl");
  private static final String TOKENIZER = RESOURCES.resolve("tokenizer.json").toString();

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final InputStream originalIn = System.in;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @After
  public void restoreStdin() {
    System.setIn(originalIn);
  }

  private int run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  private int run(byte[] stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin));
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  public void tokenize_printsOneArrayPerLine_matchingTheReference() throws Exception {
    JsonArray cases = vectors("tokenizer-vectors.json").getAsJsonArray("encode");
    StringBuilder stdin = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    int used = 0;
    for (JsonElement element : cases) {
      JsonObject c = element.getAsJsonObject();
      String text = c.get("text").getAsString();
      if (!text.contains("\n") && !text.contains("\r") && !text.isEmpty()) {
        stdin.append(text).append('\n');
        expected.append(c.get("ids").toString()).append('\n');
        used++;
      }
    }
    assertTrue(used > 100);

    assertEquals(err.toString(), 0, run(stdin.toString(), "tokenize", "--tokenizer", TOKENIZER));
    assertEquals(expected.toString(), out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  public void tokenize_jsonl_carriesNewlinesAndMatchesTheReference() throws Exception {
    JsonArray cases = vectors("tokenizer-vectors.json").getAsJsonArray("encode");
    StringBuilder stdin = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (JsonElement element : cases) {
      JsonObject c = element.getAsJsonObject();
      stdin.append(c.get("text").toString()).append('\n');
      expected.append(c.get("ids").toString()).append('\n');
    }
    assertEquals(
        err.toString(), 0, run(stdin.toString(), "tokenize", "--tokenizer", TOKENIZER, "--jsonl"));
    assertEquals(expected.toString(), out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  public void tokenize_crlfInput_dropsTheCarriageReturn() {
    assertEquals(0, run("Hello world\r\n", "tokenize", "--tokenizer", TOKENIZER));
    assertEquals("[9707,1879]", out.toString().trim());
  }

  @Test
  public void tokenize_jsonlLineThatIsNotAString_exits3NamingTheLine() {
    assertEquals(3, run("\"ok\"\n[1,2]\n", "tokenize", "--tokenizer", TOKENIZER, "--jsonl"));
    assertEquals("tokenize: stdin line 2: expected a JSON string", err.toString().trim());
  }

  @Test
  public void tokenize_aLineThatIsNotUtf8_exits3NamingIt_afterTheLinesBefore() {
    byte[] stdin = {'H', 'i', '\n', 'a', (byte) 0xC3, '(', '\n', 'b', '\n'};
    assertEquals(3, run(stdin, "tokenize", "--tokenizer", TOKENIZER));
    assertEquals("tokenize: stdin line 2: not UTF-8", err.toString().trim());
    assertEquals(1, out.toString().lines().count());
  }

  @Test
  public void tokenize_jsonl_refusesWhatStrictJsonIsNot_namingTheLineAndColumn() {
    String[][] cases = {
      {"abc", "malformed JSON near column 1: not valid JSON"},
      {"'single quoted'", "malformed JSON near column 2: not valid JSON"},
      {"\"two\" \"strings\"", "malformed JSON near column \\d+: text after the JSON value"},
      {"", "malformed JSON: the line is empty"},
    };
    for (String[] c : cases) {
      err.getBuffer().setLength(0);
      assertEquals(
          c[0], 3, run("\"ok\"\n" + c[0] + "\n", "tokenize", "--tokenizer", TOKENIZER, "--jsonl"));
      String line = err.toString().trim();
      assertTrue(line, line.matches("tokenize: stdin line 2: " + c[1]));
    }
  }

  @Test
  public void detokenize_refusesLenientJson_andNonUtf8Lines() {
    assertEquals(3, run("[1, 2] x\n", "detokenize", "--tokenizer", TOKENIZER));
    assertTrue(
        err.toString(),
        err.toString()
            .trim()
            .matches(
                "detokenize: stdin line 1: malformed JSON near column \\d+: text after the JSON value"));
    err.getBuffer().setLength(0);
    assertEquals(
        3,
        run(new byte[] {'[', '1', ']', (byte) 0xFF, '\n'}, "detokenize", "--tokenizer", TOKENIZER));
    assertEquals("detokenize: stdin line 1: not UTF-8", err.toString().trim());
  }

  @Test
  public void tokenize_missingTokenizer_exits3() {
    assertEquals(
        3,
        run("", "tokenize", "--tokenizer", tmp.getRoot().toPath().resolve("none.json").toString()));
    assertTrue(err.toString(), err.toString().startsWith("tokenize: "));
  }

  @Test
  public void detokenize_printsJsonStrings_matchingTheReference() throws Exception {
    JsonArray cases = vectors("tokenizer-vectors.json").getAsJsonArray("decode");
    StringBuilder stdin = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (JsonElement element : cases) {
      JsonObject c = element.getAsJsonObject();
      stdin.append(c.get("ids").toString()).append('\n');
      expected.append(c.get("text").getAsString()).append('\n');
    }
    assertEquals(err.toString(), 0, run(stdin.toString(), "detokenize", "--tokenizer", TOKENIZER));
    StringBuilder decoded = new StringBuilder();
    for (String line : out.toString().split("\\R")) {
      decoded.append(JsonParser.parseString(line).getAsString()).append('\n');
    }
    assertEquals(expected.toString(), decoded.toString());
  }

  @Test
  public void detokenize_idOutsideTheVocabulary_exits3() {
    assertEquals(3, run("[1, 99999999]\n", "detokenize", "--tokenizer", TOKENIZER));
    assertEquals(
        "detokenize: stdin line 1: [1]: 99999999 is not a token id (0..151668)",
        err.toString().trim());
  }

  @Test
  public void render_everyReferenceConversation_printsTheReferenceIds() throws Exception {
    for (JsonElement element : vectors("chat-vectors.json").getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      Path messages = tmp.newFile().toPath();
      Files.writeString(messages, c.get("messages").toString(), StandardCharsets.UTF_8);
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of(
                  "render", "--tokenizer", TOKENIZER, "--messages", messages.toString()));
      if (c.get("template").getAsString().equals("thinking")) {
        args.add("--think");
      }
      if (c.get("template").getAsString().equals("qwen2_vl")) {
        args.add("--style=QWEN2_VL");
      }
      if (!c.get("add_generation_prompt").getAsBoolean()) {
        args.add("--no-generation-prompt");
      }
      if (c.get("add_vision_id").getAsBoolean()) {
        args.add("--add-vision-id");
      }
      out.getBuffer().setLength(0);
      assertEquals(err.toString(), 0, run("", args.toArray(new String[0])));
      assertEquals(c.get("name").getAsString(), c.get("ids").toString(), out.toString().trim());
    }
  }

  @Test
  public void render_packageFolder_usesThePackagesTemplateLayout() throws Exception {
    Path dir = tmp.newFolder().toPath().resolve("pkg");
    app.lumen.testkit.TinyPackageGenerator.generate(dir, 1, ModelFamily.QWEN2_VL);
    Path messages = tmp.newFile("hi.json").toPath();
    Files.writeString(
        messages, "[{\"role\": \"user\", \"content\": \"hi\"}]", StandardCharsets.UTF_8);

    assertEquals(
        err.toString(),
        0,
        run(
            "",
            "render",
            "--tokenizer",
            dir.toString(),
            "--messages",
            messages.toString(),
            "--text"));
    assertEquals(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
            + "<|im_start|>assistant\n",
        JsonParser.parseString(out.toString().trim()).getAsString());
  }

  @Test
  public void render_unknownRole_exits3NamingTheMessage() throws Exception {
    Path messages = tmp.newFile("m.json").toPath();
    Files.writeString(
        messages, "[{\"role\": \"robot\", \"content\": \"hi\"}]", StandardCharsets.UTF_8);
    assertEquals(3, run("", "render", "--tokenizer", TOKENIZER, "--messages", messages.toString()));
    assertEquals(
        "render: " + messages + ": [0].role: expected system, user or assistant, found robot",
        err.toString().trim());
  }

  private static JsonObject vectors(String name) throws Exception {
    return JsonParser.parseString(Files.readString(RESOURCES.resolve(name), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }
}
