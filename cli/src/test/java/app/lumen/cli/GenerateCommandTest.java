package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.testkit.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

public class GenerateCommandTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static Path model;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeClass
  public static void buildPackage() throws Exception {
    model = TMP.newFolder("tiny").toPath();
    TinyPackageGenerator.generate(model, 42, ModelFamily.QWEN3_VL); // as `lumen testkit tiny`
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private List<JsonObject> jsonLines() {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      lines.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return lines;
  }

  private JsonArray sampledIds(String seed) {
    // Exactly the documented command: the package's own top-k/top-p with --temperature 0.8.
    int code =
        run(
            "generate",
            "--model",
            model.toString(),
            "--prompt",
            "Hello there",
            "--json",
            "--temperature",
            "0.8",
            "--seed",
            seed,
            "--max-tokens",
            "16");
    assertEquals(err.toString(), 0, code);
    List<JsonObject> lines = jsonLines();
    return lines.get(lines.size() - 1).getAsJsonArray("token_ids");
  }

  @Test
  public void json_sameSeedGivesSameIds_otherSeedOtherIds() {
    JsonArray first = sampledIds("1");
    JsonArray second = sampledIds("1");
    JsonArray other = sampledIds("2");
    assertEquals(16, first.size());
    assertEquals(first, second);
    assertNotEquals(first, other);
  }

  @Test
  public void json_emitsPhasesTokensAndOneResult() {
    int code =
        run(
            "generate",
            "--model",
            model.toString(),
            "--prompt",
            "Hi",
            "--json",
            "--temperature",
            "0",
            "--max-tokens",
            "5");
    assertEquals(err.toString(), 0, code);
    List<JsonObject> lines = jsonLines();
    assertEquals("phase", lines.get(0).get("event").getAsString());
    assertEquals("loading", lines.get(0).get("phase").getAsString());
    List<String> phases = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    JsonArray streamedIds = new JsonArray();
    for (JsonObject line : lines.subList(0, lines.size() - 1)) {
      String event = line.get("event").getAsString();
      if (event.equals("phase")) {
        phases.add(line.get("phase").getAsString());
        assertTrue(line.get("ms").getAsDouble() >= 0);
      } else {
        assertEquals("token", event);
        streamedIds.add(line.get("id").getAsInt());
        text.append(line.get("text").getAsString());
        assertTrue(line.has("thinking"));
      }
    }
    assertEquals(List.of("loading", "prefill", "decode"), phases);
    JsonObject result = lines.get(lines.size() - 1);
    assertEquals("result", result.get("event").getAsString());
    assertEquals(streamedIds, result.getAsJsonArray("token_ids"));
    assertEquals(text.toString(), result.get("text").getAsString());
    assertTrue(result.get("thinking").isJsonNull());
    assertEquals("max_tokens", result.get("finish_reason").getAsString());
    JsonObject stats = result.getAsJsonObject("stats");
    for (String key :
        List.of(
            "prompt_tokens",
            "generated_tokens",
            "ttft_ms",
            "prefill_tok_s",
            "decode_tok_s",
            "image_encode_ms",
            "provider")) {
      assertTrue(key, stats.has(key));
    }
    assertEquals(5, stats.get("generated_tokens").getAsInt());
    assertEquals("cpu", stats.get("provider").getAsString());
  }

  @Test
  public void plain_streamsTheAnswerToStdout() {
    int code =
        run(
            "generate",
            "--model",
            model.toString(),
            "--prompt",
            "Hi",
            "--temperature",
            "0",
            "--max-tokens",
            "5",
            "--json");
    String json = out.toString();
    String expected = jsonLines().get(jsonLines().size() - 1).get("text").getAsString();
    code =
        run(
            "generate",
            "--model",
            model.toString(),
            "--prompt",
            "Hi",
            "--temperature",
            "0",
            "--max-tokens",
            "5");
    assertEquals(0, code);
    assertEquals(expected + System.lineSeparator(), out.toString());
    assertTrue(json, err.toString().contains("ttft"));
  }

  @Test
  public void missingPackage_exitsThreeWithOneLine() {
    int code =
        run(
            "generate",
            "--model",
            TMP.getRoot().toPath().resolve("nope").toString(),
            "--prompt",
            "x");
    assertEquals(3, code);
    assertEquals(1, err.toString().trim().split("\n").length);
    assertTrue(err.toString(), err.toString().contains("lumen-package.json"));
  }

  @Test
  public void badFlagValue_exitsTwo() {
    assertEquals(
        2, run("generate", "--model", model.toString(), "--prompt", "x", "--max-tokens", "many"));
    assertEquals(2, run("generate", "--model", model.toString(), "--prompt", "x", "--top-p", "0"));
  }

  @Test
  public void image_withoutVisionEncoder_exitsThree() throws Exception {
    Path image = TMP.newFile("x.png").toPath();
    Files.write(image, new byte[] {1});
    assertEquals(
        3,
        run("generate", "--model", model.toString(), "--prompt", "x", "--image", image.toString()));
  }

  @Test
  public void chat_secondTurnReusesTheFirstTurnsTokens() {
    ChatCommand chat = new ChatCommand();
    chat.input =
        new ByteArrayInputStream(
            "Hello\nAnd more\n/regen\n/quit\n".getBytes(StandardCharsets.UTF_8));
    CommandLine cli = new CommandLine(chat);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--model", model.toString(), "--temperature", "0", "--max-tokens", "4");
    assertEquals(err.toString(), 0, code);
    Matcher m = Pattern.compile("prefill (\\d+) tok \\(reused (\\d+)").matcher(err.toString());
    List<int[]> turns = new ArrayList<>();
    while (m.find()) {
      turns.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
    }
    assertEquals(err.toString(), 3, turns.size());
    assertEquals(0, turns.get(0)[1]);
    // Turn 2 reuses at least turn 1's whole prompt (more when the answer re-tokenizes the same).
    assertTrue(turns.get(1)[1] >= turns.get(0)[0]);
    // /regen keeps everything but the last prompt token.
    assertEquals(1, turns.get(2)[0]);
  }

  @Test
  public void bench_json_lastLineHoldsTheContractFieldsAndEveryRun() {
    int code =
        run(
            "bench",
            "--model",
            model.toString(),
            "--json",
            "--runs",
            "2",
            "--prompt-tokens",
            "40",
            "--gen-tokens",
            "8",
            "--roofline");
    assertEquals(err.toString(), 0, code);
    List<JsonObject> lines = jsonLines();
    JsonObject summary = lines.get(lines.size() - 1);
    for (String key :
        List.of(
            "load_s",
            "vision_preprocess_ms",
            "vision_encode_ms",
            "prefill_tok_s",
            "ttft_ms",
            "decode_tok_s",
            "overhead_pct",
            "peak_rss_mb",
            "peak_heap_mb",
            "bandwidth_gb_s",
            "roofline_tok_s",
            "roofline_ratio",
            "ttft_turn_ratio")) {
      assertTrue(key, summary.has(key));
    }
    assertTrue(summary.get("vision_encode_ms").isJsonNull());
    assertTrue(summary.get("decode_tok_s").getAsDouble() > 0);
    assertTrue(summary.get("roofline_tok_s").getAsDouble() > 0);
    assertEquals(2, summary.getAsJsonArray("runs").size());
    JsonObject first = summary.getAsJsonArray("runs").get(0).getAsJsonObject();
    assertEquals(8, first.get("generated_tokens").getAsInt());
  }

  @Test
  public void demo_saysTheWeightsAreRandomAndAnswers() {
    int code = run("demo", "--max-tokens", "6", "--json");
    assertEquals(err.toString(), 0, code);
    assertTrue(err.toString().contains("RANDOM"));
    List<JsonObject> lines = jsonLines();
    assertEquals("result", lines.get(lines.size() - 1).get("event").getAsString());
  }
}
