package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * A text-only Qwen3 package built by Hugging Face's transformers (see {@code
 * tools/reference/make-hf-packages.py}) through the commands a user runs: it validates, answers
 * with the tokens HF's greedy decoding chose, chats with reuse, and refuses a photo plainly.
 */
public class TextOnlyQwen3CliTest {
  private static final Path HF = Paths.get("../inference-android/src/test/resources/hf/qwen3");
  private static final Path MODEL = HF.resolve("package");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  public void validate_acceptsThePackage() {
    assertEquals(err.toString(), 0, run("validate", "--model", MODEL.toString()));
    assertTrue(out.toString(), out.toString().contains("text-only (no vision graph)"));
  }

  @Test
  public void generate_greedy_givesTheTokensHuggingFaceChose() throws Exception {
    JsonObject golden = goldenCase("user");
    int code =
        run(
            "generate",
            "--model",
            MODEL.toString(),
            "--prompt",
            golden.getAsJsonArray("messages").get(0).getAsJsonObject().get("content").getAsString(),
            "--think", // Qwen3's template thinks unless told otherwise; HF rendered it so
            "--temperature",
            "0",
            "--max-tokens",
            String.valueOf(golden.getAsJsonArray("generated_ids").size()),
            "--json");
    assertEquals(err.toString(), 0, code);
    String[] lines = out.toString().trim().split("\n");
    JsonObject result = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals(golden.getAsJsonArray("generated_ids"), result.getAsJsonArray("token_ids"));
    assertEquals(
        golden.getAsJsonArray("prompt_ids").size(),
        result.getAsJsonObject("stats").get("prompt_tokens").getAsInt());
  }

  @Test
  public void generate_withAPhoto_isRefusedPlainly() throws Exception {
    Path picture = tmp.newFile("photo.png").toPath();
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(image, "png", picture.toFile());

    int code =
        run(
            "generate",
            "--model",
            MODEL.toString(),
            "--prompt",
            "What is this?",
            "--image",
            picture.toString());
    assertEquals(3, code);
    String line = err.toString().trim();
    assertEquals(err.toString(), 1, line.split("\\R").length);
    assertTrue(line, line.contains("reads no images"));
  }

  @Test
  public void chat_secondTurnReusesTheFirst() {
    ChatCommand chat = new ChatCommand();
    chat.input =
        new ByteArrayInputStream("Hello\nAnd more\n/quit\n".getBytes(StandardCharsets.UTF_8));
    CommandLine cli = new CommandLine(chat);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--model", MODEL.toString(), "--temperature", "0", "--max-tokens", "4");
    assertEquals(err.toString(), 0, code);
    List<ChatTurns.Turn> turns = ChatTurns.read(err.toString());
    assertEquals(err.toString(), 2, turns.size());
    assertEquals(0, turns.get(0).reused());
    assertTrue(err.toString(), turns.get(1).reused() > 0);
  }

  private static JsonObject goldenCase(String name) throws Exception {
    JsonObject goldens =
        JsonParser.parseString(Files.readString(HF.resolve("goldens.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
    for (var element : goldens.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      if (c.get("name").getAsString().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no golden case " + name);
  }
}
