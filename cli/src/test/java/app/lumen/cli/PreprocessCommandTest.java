package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

public class PreprocessCommandTest {
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

  private Path picture(String name, int w, int h) throws Exception {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    Path file = tmp.getRoot().toPath().resolve(name);
    javax.imageio.ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  public void json_reportsTheContractFields_qwen3Defaults() throws Exception {
    Path image = picture("p.png", 640, 480);
    assertEquals(err.toString(), 0, run("preprocess", "--image", image.toString(), "--json"));
    JsonObject o = JsonParser.parseString(out.toString().strip()).getAsJsonObject();
    assertEquals(640, o.get("width").getAsInt());
    assertEquals(480, o.get("height").getAsInt());
    assertEquals(480, o.get("resized_height").getAsInt());
    assertEquals(640, o.get("resized_width").getAsInt());
    assertEquals("[1,30,40]", o.get("grid_thw").toString());
    assertEquals(300, o.get("tokens").getAsInt());
  }

  @Test
  public void budgetAndPixelFlags_changeThePlan() throws Exception {
    Path image = picture("p.png", 640, 480);
    assertEquals(0, run("preprocess", "--image", image.toString(), "--budget", "64", "--json"));
    JsonObject o = JsonParser.parseString(out.toString().strip()).getAsJsonObject();
    assertTrue(o.get("tokens").getAsInt() <= 64);
    assertEquals(
        0, run("preprocess", "--image", image.toString(), "--max-pixels", "16384", "--json"));
    o = JsonParser.parseString(out.toString().strip()).getAsJsonObject();
    assertTrue(o.get("tokens").getAsInt() <= 16);
  }

  @Test
  public void budget_isACeilingForALongNarrowPicture_orItIsRefusedWithOneLine() throws Exception {
    Path strip = picture("strip.png", 6400, 32);
    assertEquals(3, run("preprocess", "--image", strip.toString(), "--budget", "64", "--json"));
    assertEquals("", out.toString());
    assertEquals(
        "lumen preprocess: "
            + strip
            + ": image 6400x32 is too long and narrow for a budget of 64 image tokens (it needs at"
            + " least 198); choose a larger budget or crop it",
        err.toString().strip());
    assertEquals(0, run("preprocess", "--image", strip.toString(), "--budget", "256", "--json"));
    JsonObject o = JsonParser.parseString(out.toString().strip()).getAsJsonObject();
    assertEquals(200, o.get("tokens").getAsInt());
  }

  @Test
  public void dump_writesPixelValuesAsLittleEndianFloats() throws Exception {
    Path image = picture("black.png", 64, 32);
    Path dump = tmp.getRoot().toPath().resolve("pv.f32");
    assertEquals(
        err.toString(),
        0,
        run(
            "preprocess",
            "--image",
            image.toString(),
            "--min-pixels",
            "1024",
            "--dump",
            dump.toString()));
    byte[] bytes = Files.readAllBytes(dump);
    assertEquals(8 * 1536 * 4, bytes.length);
    // Black is (0/255 - 0.5) / 0.5 = -1 everywhere.
    assertEquals(-1f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(1234 * 4), 0f);
  }

  @Test
  public void badImages_exitThreeWithOneLine() throws Exception {
    Path junk = tmp.newFile("junk.jpg").toPath();
    Files.write(junk, new byte[] {0x12, 0x34, 0x56});
    assertEquals(3, run("preprocess", "--image", junk.toString()));
    assertTrue(err.toString(), err.toString().startsWith("lumen preprocess: " + junk));
    Path line = picture("line.png", 10_000, 20);
    assertEquals(3, run("preprocess", "--image", line.toString()));
    assertTrue(err.toString(), err.toString().contains("aspect ratio"));
    assertEquals(3, run("preprocess", "--image", tmp.getRoot() + "/missing.png"));
    assertEquals(2, run("preprocess", "--image", line.toString(), "--budget", "0"));
  }

  @Test
  public void dumpIntoAFolder_exits3WithALineNamingDump_beforeReadingTheImage() throws Exception {
    Path folder = tmp.newFolder("dump").toPath();
    Path missing = tmp.getRoot().toPath().resolve("missing.png");

    int code =
        run("preprocess", "--image", missing.toString(), "--dump", folder.toString(), "--json");

    assertEquals(3, code);
    assertEquals("", out.toString());
    assertEquals(
        "lumen preprocess: --dump " + folder + ": is a folder, not a file", err.toString().strip());
  }
}
