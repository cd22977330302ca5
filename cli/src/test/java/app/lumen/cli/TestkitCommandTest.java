package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

public class TestkitCommandTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  public void tiny_writesAPackageWithManifestAndGraphs() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("pkg");

    int code = run("testkit", "tiny", "--out", dir.toString(), "--seed", "7", "--json");

    assertEquals(err.toString(), 0, code);
    JsonObject done = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
    assertEquals("done", done.get("event").getAsString());
    assertEquals("qwen3_vl", done.get("family").getAsString());
    assertEquals(9, done.get("files").getAsInt());
    assertTrue(Files.isRegularFile(dir.resolve("lumen-package.json")));
    assertTrue(Files.isRegularFile(dir.resolve("onnx/decoder_model_merged.onnx")));
    assertTrue(Files.isRegularFile(dir.resolve("onnx/embed_tokens.onnx")));
  }

  @Test
  public void tiny_qwen2Family_isWrittenWithItsModelType() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("q2");

    assertEquals(0, run("testkit", "tiny", "--out", dir.toString(), "--family", "qwen2_vl"));

    String config = Files.readString(dir.resolve("config.json"));
    assertTrue(config.contains("\"model_type\": \"qwen2_vl\""));
    assertTrue(out.toString().startsWith("wrote tiny-qwen2-vl-seed42"));
  }

  @Test
  public void tiny_unknownFamily_isAUsageErrorNamingTheChoices() {
    int code = run("testkit", "tiny", "--out", tmp.getRoot().toString(), "--family", "llama");

    assertEquals(LumenCli.EXIT_USAGE, code);
    assertTrue(err.toString(), err.toString().contains("qwen3_vl, qwen2_vl or qwen2_5_vl"));
  }

  @Test
  public void tiny_outIsAFile_isInvalidInput() throws Exception {
    Path file = tmp.newFile("not-a-dir").toPath();

    assertEquals(LumenCli.EXIT_INVALID_INPUT, run("testkit", "tiny", "--out", file.toString()));
    assertTrue(err.toString().contains("not a folder"));
  }

  @Test
  public void synthetic_unknownSizeOrQuantization_isAUsageError() {
    String out = tmp.getRoot().toString();

    assertEquals(
        LumenCli.EXIT_USAGE,
        run("testkit", "synthetic", "--size", "7b", "--quant", "int4", "--out", out));
    assertTrue(err.toString(), err.toString().contains("--size must be 2b or 4b"));
    assertEquals(
        LumenCli.EXIT_USAGE,
        run("testkit", "synthetic", "--size", "2b", "--quant", "int3", "--out", out));
    assertTrue(err.toString(), err.toString().contains("fp32, fp16, int8 or int4"));
  }

  @Test
  public void synthetic_missingTokenizerFile_isInvalidInput() {
    int code =
        run(
            "testkit",
            "synthetic",
            "--size",
            "2b",
            "--quant",
            "int4",
            "--out",
            tmp.getRoot().toPath().resolve("s").toString(),
            "--tokenizer",
            tmp.getRoot().toPath().resolve("none.json").toString());

    assertEquals(LumenCli.EXIT_INVALID_INPUT, code);
    assertTrue(err.toString().contains("none.json"));
  }
}
