package app.lumen.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

public class BenchVisionTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void imageSize_fillsTheVisionFigures() throws Exception {
    Path model = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(model, 3, ModelFamily.QWEN3_VL);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "bench",
            "--model",
            model.toString(),
            "--image-size",
            "320x240",
            "--budget",
            "16",
            "--runs",
            "1",
            "--turns",
            "1",
            "--prompt-tokens",
            "4",
            "--gen-tokens",
            "2",
            "--json");
    assertEquals(err.toString(), 0, code);
    String[] lines = out.toString().strip().split("\n");
    JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertTrue(summary.get("vision_encode_ms").getAsDouble() > 0);
    assertTrue(summary.get("vision_preprocess_ms").getAsDouble() > 0);
    assertTrue(summary.get("vision_tokens").getAsInt() <= 16);
  }

  @Test
  public void sizeParsing() {
    assertArrayEquals(new int[] {640, 480}, BenchVision.size("640x480"));
    assertNull(BenchVision.size("640"));
    assertNull(BenchVision.size("0x5"));
    assertNull(BenchVision.size("axb"));
  }
}
