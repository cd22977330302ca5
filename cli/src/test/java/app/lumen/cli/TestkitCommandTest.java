package app.lumen.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    assertEquals(10, done.get("files").getAsInt());
    assertTrue(Files.isRegularFile(dir.resolve("lumen-package.json")));
    assertTrue(Files.isRegularFile(dir.resolve("onnx/vision_encoder.onnx")));
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
  public void tiny_nonEmptyFolder_isRefusedWithOneLine_andLeftAsItWas() throws Exception {
    Path dir = tmp.newFolder("installed").toPath();
    Files.writeString(dir.resolve("notes.txt"), "mine");

    int code = run("testkit", "tiny", "--out", dir.toString());

    assertEquals(LumenCli.EXIT_INVALID_INPUT, code);
    assertEquals(err.toString(), 1, err.toString().strip().split("\n").length);
    assertTrue(err.toString(), err.toString().contains(dir.toString()));
    assertTrue(err.toString(), err.toString().contains("--force"));
    assertEquals(List.of("notes.txt"), listing(dir));
  }

  @Test
  public void tiny_emptyFolder_isWritten() throws Exception {
    Path dir = tmp.newFolder("empty").toPath();

    assertEquals(err.toString(), 0, run("testkit", "tiny", "--out", dir.toString()));

    assertTrue(Files.isRegularFile(dir.resolve("lumen-package.json")));
  }

  @Test
  public void tiny_force_leavesExactlyTheNewPackage() throws Exception {
    Path fresh = tmp.getRoot().toPath().resolve("fresh");
    assertEquals(err.toString(), 0, run("testkit", "tiny", "--out", fresh.toString()));
    Path dir = tmp.newFolder("old").toPath();
    assertEquals(err.toString(), 0, run("testkit", "tiny", "--out", dir.toString(), "--seed", "9"));
    Files.writeString(dir.resolve("onnx/stale.onnx"), "old graph");
    Files.writeString(dir.resolve("config.json"), "{}");

    int code = run("testkit", "tiny", "--out", dir.toString(), "--force");

    assertEquals(err.toString(), 0, code);
    assertEquals(listing(fresh), listing(dir));
    for (String file : listing(fresh)) {
      assertArrayEquals(
          file, Files.readAllBytes(fresh.resolve(file)), Files.readAllBytes(dir.resolve(file)));
    }
    assertEquals(List.of("fresh", "old"), names(tmp.getRoot().toPath())); // no temp folders
  }

  @Test
  public void synthetic_forceThatFails_keepsTheOldFolderAndLeavesNothingBehind() throws Exception {
    Path dir = tmp.newFolder("installed").toPath();
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Path tokenizer = tmp.newFile("tokenizer.json").toPath();
    Files.writeString(tokenizer, "{ not json");

    int code =
        run(
            "testkit",
            "synthetic",
            "--size",
            "2b",
            "--quant",
            "int4",
            "--out",
            dir.toString(),
            "--tokenizer",
            tokenizer.toString(),
            "--force");

    assertEquals(err.toString(), LumenCli.EXIT_INVALID_INPUT, code);
    assertEquals(List.of("notes.txt"), listing(dir));
    assertEquals(List.of("installed", "tokenizer.json"), names(tmp.getRoot().toPath()));
  }

  @Test
  public void outUnderARegularFile_isInvalidInputBeforeAnyWork() throws Exception {
    Path file = tmp.newFile("plain-file").toPath();
    String out = file.resolve("pkg").toString();

    assertEquals(LumenCli.EXIT_INVALID_INPUT, run("testkit", "tiny", "--out", out));
    assertTrue(err.toString(), err.toString().contains("plain-file is not a folder"));
    assertEquals(
        LumenCli.EXIT_INVALID_INPUT,
        run("testkit", "synthetic", "--size", "2b", "--quant", "int4", "--out", out));
  }

  /** Every file below {@code dir}, relative, sorted. */
  private static List<String> listing(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** The names in {@code dir}, sorted. */
  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
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
