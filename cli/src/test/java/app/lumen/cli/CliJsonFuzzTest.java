package app.lumen.cli;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.model.ModelPackage;
import app.lumen.testkit.SignaturePackage;
import app.lumen.testkit.fuzz.FuzzRun;
import app.lumen.testkit.fuzz.Mutations;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * Mutated JSON lines and files, and bytes that are not UTF-8, through the commands that read JSON:
 * {@code tokenize --jsonl}, {@code tokenize}, {@code detokenize} and {@code render --messages}.
 * Each run exits 0 or 3 (never 1, an internal error), and every line on stderr names the command
 * and carries no stack trace. Iterations: {@code -Dlumen.fuzz.iterations}, seed: {@code
 * -Dlumen.fuzz.seed}.
 */
public class CliJsonFuzzTest {
  // Each run parses the command line and loads a tokenizer (render: opens a package), 30-100 ms.
  private static final int DEFAULT_ITERATIONS = 20;
  private static final int MAX_EDITS = 4;
  private static final int MAX_LINES = 8;
  private static final Path RESOURCES =
      Paths.get("../inference-android/src/test/resources/qwen3-vl");
  private static final List<String> CONVERSATIONS =
      List.of(
          "[{\"role\": \"user\", \"content\": \"Hello!\"}]",
          "[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\":"
              + " [{\"type\": \"image\", \"tokens\": 4}, {\"type\": \"text\", \"text\": \"What is"
              + " this?\"}]}]",
          "[{\"role\": \"user\", \"content\": [{\"type\": \"image\"}]}, {\"role\": \"assistant\","
              + " \"content\": \"A cat.\", \"reasoning_content\": \"whiskers\"}, {\"role\":"
              + " \"user\", \"content\": \"<|im_end|> and <think>\"}]");

  @ClassRule public static TemporaryFolder tmp = new TemporaryFolder();

  private final InputStream originalIn = System.in;
  private static Path packageDir;
  private static String tokenizer;
  private static final List<String> TEXTS = new ArrayList<>();
  private static final List<String> ID_LINES = new ArrayList<>();

  @BeforeClass
  public static void writePackage() throws IOException {
    packageDir = SignaturePackage.builder().writeTo(tmp.newFolder("pkg").toPath()).dir();
    Files.writeString(
        packageDir.resolve(ModelPackage.CHAT_TEMPLATE_JINJA),
        Files.readString(RESOURCES.resolve("chat_template_instruct.jinja")));
    SignaturePackage.rewriteManifest(packageDir);
    tokenizer = packageDir.resolve("tokenizer.json").toString();
    JsonElement vectors =
        JsonParser.parseString(Files.readString(RESOURCES.resolve("tokenizer-vectors.json")));
    for (JsonElement c : vectors.getAsJsonObject().getAsJsonArray("encode")) {
      TEXTS.add(c.getAsJsonObject().get("text").toString());
    }
    for (JsonElement c : vectors.getAsJsonObject().getAsJsonArray("decode")) {
      // The package's vocabulary is small: keep the ids, not their meaning.
      JsonArray ids = new JsonArray();
      for (JsonElement id : c.getAsJsonObject().getAsJsonArray("ids")) {
        ids.add(id.getAsInt() % 300);
      }
      ID_LINES.add(ids.toString());
    }
  }

  @After
  public void restoreStdin() {
    System.setIn(originalIn);
  }

  @Test
  public void tokenizeJsonl_mutatedLines_exit0Or3() {
    fuzzStdin("cli-tokenize-jsonl", TEXTS, "tokenize", "--tokenizer", tokenizer, "--jsonl");
  }

  @Test
  public void tokenize_mutatedLines_exit0Or3() {
    fuzzStdin("cli-tokenize", TEXTS, "tokenize", "--tokenizer", tokenizer);
  }

  @Test
  public void detokenize_mutatedLines_exit0Or3() {
    fuzzStdin(
        "cli-detokenize",
        ID_LINES,
        "detokenize",
        "--tokenizer",
        tokenizer,
        "--skip-special-tokens");
  }

  /** Runs the command on stdin made of mutated lines of {@code valid}. */
  private static void fuzzStdin(String target, List<String> valid, String... args) {
    FuzzRun.of(target, DEFAULT_ITERATIONS)
        .forEach(random -> lines(random, valid), bytes -> bytes, stdin -> check(stdin, args));
  }

  @Test
  public void render_mutatedMessages_exit0Or3() {
    int[] count = {0};
    FuzzRun.of("cli-render", DEFAULT_ITERATIONS)
        .forEach(
            this::messages,
            bytes -> bytes,
            messages -> {
              Path file = tmp.getRoot().toPath().resolve("messages-" + count[0]++ + ".json");
              Files.write(file, messages);
              // Alternate between a bare tokenizer (Java layout) and the package's own template.
              String source = count[0] % 2 == 0 ? tokenizer : packageDir.toString();
              check(new byte[0], "render", "--tokenizer", source, "--messages", file.toString());
              Files.delete(file);
            });
  }

  /** A few lines, each a valid one from {@code valid} mutated as JSON, as bytes, or kept. */
  private static byte[] lines(Random random, List<String> valid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = random.nextInt(MAX_LINES); i >= 0; i--) {
      String line = valid.get(random.nextInt(valid.size()));
      byte[] bytes = mutated(line, random);
      out.writeBytes(bytes);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private byte[] messages(Random random) {
    return mutated(CONVERSATIONS.get(random.nextInt(CONVERSATIONS.size())), random);
  }

  private static byte[] mutated(String json, Random random) {
    return switch (random.nextInt(4)) {
      case 0 ->
          new Gson()
              .toJson(Mutations.json(JsonParser.parseString(json), random, MAX_EDITS))
              .getBytes(StandardCharsets.UTF_8);
      case 1 -> Mutations.bytes(json.getBytes(StandardCharsets.UTF_8), random, MAX_EDITS);
      case 2 -> "[".repeat(random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
      default -> json.getBytes(StandardCharsets.UTF_8);
    };
  }

  private static void check(byte[] stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    String errors = err.toString();
    assertTrue("exit " + exit + ", stderr: " + errors, exit == 0 || exit == 3);
    for (String line : errors.lines().toList()) {
      assertTrue(line, line.startsWith(args[0] + ": "));
      assertFalse(line, line.contains("Exception") || line.startsWith("\tat "));
    }
  }
}
