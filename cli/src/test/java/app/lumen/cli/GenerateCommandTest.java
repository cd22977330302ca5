package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
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
    assertTrue(stats.get("provider_fallback").isJsonNull());
  }

  @Test
  public void providerMissingFromTheRuntime_runsOnCpuAndSaysWhy() {
    String[] args = {
      "generate",
      "--model",
      model.toString(),
      "--prompt",
      "Hi",
      "--max-tokens",
      "3",
      "--provider",
      "xnnpack"
    };
    assertEquals(err.toString(), 0, run(args));
    assertTrue(
        err.toString(),
        err.toString().contains("· cpu (fallback: xnnpack is not available in this ONNX Runtime"));

    String[] json = java.util.Arrays.copyOf(args, args.length + 1);
    json[args.length] = "--json";
    assertEquals(err.toString(), 0, run(json));
    List<JsonObject> lines = jsonLines();
    JsonObject stats = lines.get(lines.size() - 1).getAsJsonObject("stats");
    assertEquals("cpu", stats.get("provider").getAsString());
    assertTrue(
        stats.toString(),
        stats.get("provider_fallback").getAsString().startsWith("xnnpack is not available"));
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

  /** Random weights, seed 2: the answer holds ESC, ENQ, VT and other control characters. */
  private static final String[] CONTROL_CHARACTER_ANSWER = {
    "--prompt", "Hello there", "--seed", "2", "--max-tokens", "32"
  };

  private String controlCharacterAnswer() {
    List<String> args = new ArrayList<>(List.of("generate", "--model", model.toString(), "--json"));
    args.addAll(List.of(CONTROL_CHARACTER_ANSWER));
    assertEquals(err.toString(), 0, run(args.toArray(new String[0])));
    List<JsonObject> lines = jsonLines();
    StringBuilder streamed = new StringBuilder();
    for (JsonObject line : lines.subList(0, lines.size() - 1)) {
      if (line.get("event").getAsString().equals("token")) {
        streamed.append(line.get("text").getAsString());
      }
    }
    String text = lines.get(lines.size() - 1).get("text").getAsString();
    assertEquals(text, streamed.toString());
    assertEquals("raw JSON output", -1, TerminalTextTest.firstUnsafe(out.toString()));
    assertTrue(
        "the answer should hold control characters", TerminalTextTest.firstUnsafe(text) >= 0);
    return text;
  }

  @Test
  public void controlCharactersOfTheModel_neverReachTheTerminalRaw() {
    String text = controlCharacterAnswer();

    List<String> args = new ArrayList<>(List.of("generate", "--model", model.toString()));
    args.addAll(List.of(CONTROL_CHARACTER_ANSWER));
    assertEquals(err.toString(), 0, run(args.toArray(new String[0])));

    assertEquals(TerminalText.escape(text) + System.lineSeparator(), out.toString());
    assertEquals(-1, TerminalTextTest.firstUnsafe(err.toString()));
  }

  @Test
  public void chat_controlCharactersOfTheModel_neverReachTheTerminalRaw() {
    String text = controlCharacterAnswer();
    ChatCommand chat = new ChatCommand();
    chat.input = new ByteArrayInputStream("Hello there\n/quit\n".getBytes(StandardCharsets.UTF_8));
    CommandLine cli = new CommandLine(chat);
    out = new StringWriter();
    err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("--model", model.toString(), "--seed", "2", "--max-tokens", "32");

    assertEquals(err.toString(), 0, code);
    assertEquals(-1, TerminalTextTest.firstUnsafe(out.toString()));
    assertEquals(-1, TerminalTextTest.firstUnsafe(err.toString()));
    assertTrue(out.toString(), out.toString().contains(TerminalText.escape(text)));
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
  public void malformedImage_exitsThreeNamingTheFile() throws Exception {
    Path image = TMP.newFile("x.png").toPath();
    Files.write(image, new byte[] {1});
    assertEquals(
        3,
        run("generate", "--model", model.toString(), "--prompt", "x", "--image", image.toString()));
    assertTrue(err.toString(), err.toString().contains(image.toString()));
    assertEquals(1, err.toString().strip().split("\n").length);
  }

  @Test
  public void twoImages_encodeBeforePrefill_andCountInThePrompt() throws Exception {
    Path a = picture("a.png", 200, 150);
    Path b = picture("b.jpg", 97, 61);
    int code =
        run(
            "generate",
            "--model",
            model.toString(),
            "--prompt",
            "Compare",
            "--image",
            a.toString(),
            "--image",
            b.toString(),
            "--budget",
            "16",
            "--json",
            "--temperature",
            "0",
            "--max-tokens",
            "3");
    assertEquals(err.toString(), 0, code);
    List<JsonObject> lines = jsonLines();
    List<String> phases = new ArrayList<>();
    for (JsonObject line : lines) {
      if (line.get("event").getAsString().equals("phase")) {
        phases.add(line.get("phase").getAsString());
      }
    }
    assertEquals(List.of("loading", "encoding_image", "prefill", "decode"), phases);
    JsonObject stats = lines.get(lines.size() - 1).getAsJsonObject("stats");
    assertTrue(stats.get("image_encode_ms").getAsDouble() > 0);
    // Two pictures of at most 16 tokens each plus the text of the prompt.
    assertTrue(stats.get("prompt_tokens").getAsInt() > 20);
  }

  @Test
  public void image_forAModelWithoutVisionGraph_exitsThree() throws Exception {
    // Tiny Qwen2.5-VL packages carry no vision graph.
    Path qwen2 = TMP.newFolder("qwen25").toPath();
    TinyPackageGenerator.generate(qwen2, 1, ModelFamily.QWEN2_5_VL);
    Path a = picture("c.png", 64, 64);
    assertEquals(
        3, run("generate", "--model", qwen2.toString(), "--prompt", "x", "--image", a.toString()));
    assertTrue(err.toString(), err.toString().contains("graphs.vision"));
  }

  static Path picture(String name, int w, int h) throws Exception {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | ((x ^ y) & 0xFF));
      }
    }
    Path file = TMP.getRoot().toPath().resolve(name);
    javax.imageio.ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile());
    return file;
  }

  @Test
  public void chat_imageAttachesToTheNextMessage_andRegenKeepsItsTokens() throws Exception {
    Path picture = picture("chat.png", 160, 120);
    ChatCommand chat = new ChatCommand();
    chat.input =
        new ByteArrayInputStream(
            ("/image " + picture + "\n/image /no/such.png\nWhat is it?\n/regen\n/quit\n")
                .getBytes(StandardCharsets.UTF_8));
    CommandLine cli = new CommandLine(chat);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "--model",
            model.toString(),
            "--temperature",
            "0",
            "--max-tokens",
            "3",
            "--budget",
            "16");
    assertEquals(err.toString(), 0, code);
    Matcher attached =
        Pattern.compile("attached \\((\\d+) image tokens\\)").matcher(err.toString());
    assertTrue(err.toString(), attached.find());
    int imageTokens = Integer.parseInt(attached.group(1));
    assertTrue(imageTokens > 0 && imageTokens <= 16);
    assertTrue(err.toString(), err.toString().contains("/no/such.png: no such file"));
    List<ChatTurns.Turn> turns = ChatTurns.read(err.toString());
    assertEquals(err.toString(), 2, turns.size());
    assertTrue(
        turns.get(0).prefilled() > imageTokens); // the picture's tokens are in the first prompt
    assertEquals(1, turns.get(1).prefilled()); // /regen reuses them
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
    List<ChatTurns.Turn> turns = ChatTurns.read(err.toString());
    assertEquals(err.toString(), 3, turns.size());
    assertEquals(0, turns.get(0).reused());
    // Turn 2 reuses at least turn 1's whole prompt (more when the answer re-tokenizes the same).
    assertTrue(turns.get(1).reused() >= turns.get(0).prefilled());
    // /regen keeps everything but the last prompt token.
    assertEquals(1, turns.get(2).prefilled());
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
            "ttft_turn_ratio",
            "context_tokens",
            "context_reason",
            "heap_bytes_per_prefill_token",
            "heap_bytes_per_decode_step")) {
      assertTrue(key, summary.has(key));
    }
    assertTrue(summary.get("vision_encode_ms").isJsonNull());
    assertTrue(summary.get("decode_tok_s").getAsDouble() > 0);
    assertTrue(summary.get("roofline_tok_s").getAsDouble() > 0);
    assertEquals(2, summary.getAsJsonArray("runs").size());
    JsonObject first = summary.getAsJsonArray("runs").get(0).getAsJsonObject();
    assertEquals(8, first.get("generated_tokens").getAsInt());
    // HotSpot counts per-thread allocations, so both heap figures are measured, not null.
    assertTrue(summary.get("heap_bytes_per_prefill_token").getAsDouble() > 0);
    assertTrue(summary.get("heap_bytes_per_decode_step").getAsDouble() > 0);
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
