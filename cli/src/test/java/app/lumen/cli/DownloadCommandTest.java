package app.lumen.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageVerifier;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code lumen download} and {@code lumen models} against a loopback server. */
public class DownloadCommandTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final MockWebServer server = new MockWebServer();
  private final byte[] weights = bytes(120_000, 1);
  private final byte[] config = "{\"model_type\":\"qwen3\"}".getBytes(StandardCharsets.UTF_8);
  private volatile boolean cutFirstWeightsRequest = true;
  private final List<String> ranges = new ArrayList<>();
  private String out;
  private String err;

  @Before
  public void setUp() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            String path = r.getUrl().encodedPath();
            byte[] body =
                path.equals("/m/onnx/model.onnx")
                    ? weights
                    : path.equals("/m/config.json") ? config : null;
            if (body == null) {
              return new MockResponse.Builder().code(404).build();
            }
            String range = r.getHeaders().get("Range");
            synchronized (ranges) {
              ranges.add(path + " " + range);
            }
            int start = range == null ? 0 : Integer.parseInt(range.replaceAll("\\D", ""));
            byte[] slice = Arrays.copyOfRange(body, start, body.length);
            MockResponse.Builder b = new MockResponse.Builder();
            if (start > 0) {
              b.code(206)
                  .setHeader(
                      "Content-Range",
                      "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
            if (body == weights && cutFirstWeightsRequest) {
              cutFirstWeightsRequest = false;
              return b.body(new Buffer().write(Arrays.copyOf(slice, slice.length / 3)))
                  .setHeader("Content-Length", slice.length)
                  .onResponseEnd(new SocketEffect.CloseSocket())
                  .build();
            }
            return b.body(new Buffer().write(slice)).build();
          }
        });
    server.start();
  }

  @After
  public void tearDown() {
    server.close();
  }

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    picocli.CommandLine cl = LumenCli.newCommandLine();
    cl.setOut(new PrintWriter(o));
    cl.setErr(new PrintWriter(e));
    int code = cl.execute(args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private static List<JsonObject> jsonLines(String text) {
    List<JsonObject> objects = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        objects.add(JsonParser.parseString(line).getAsJsonObject());
      }
    }
    return objects;
  }

  @Test
  public void downloadUrl_json_resumesAfterCutAndEndsWithDone() throws Exception {
    Path target = tmp.getRoot().toPath().resolve("w/model.onnx");
    int code =
        run(
            "download",
            "--url",
            server.url("/m/onnx/model.onnx").toString(),
            "--sha256",
            sha256(weights),
            "--out",
            target.toString(),
            "--json");
    assertEquals(err, 0, code);
    assertArrayEquals(weights, Files.readAllBytes(target));
    List<JsonObject> events = jsonLines(out);
    JsonObject last = events.get(events.size() - 1);
    assertEquals("done", last.get("event").getAsString());
    assertEquals(sha256(weights), last.get("sha256").getAsString());
    assertTrue(events.stream().anyMatch(e -> e.get("event").getAsString().equals("progress")));
    assertTrue(events.stream().anyMatch(e -> e.get("event").getAsString().equals("retry")));
    assertTrue(ranges.toString(), ranges.contains("/m/onnx/model.onnx bytes=40000-"));
  }

  @Test
  public void downloadUrl_wrongSha256_exits5WithOneLineAndNoFile() throws Exception {
    Path target = tmp.getRoot().toPath().resolve("w/model.onnx");
    int code =
        run(
            "download",
            "--url",
            server.url("/m/onnx/model.onnx").toString(),
            "--sha256",
            "0".repeat(64),
            "--out",
            target.toString(),
            "--json");
    assertEquals(5, code);
    assertFalse(Files.exists(target));
    assertEquals(1, err.trim().split("\n").length);
    assertTrue(err, err.contains("model.onnx: sha256 " + sha256(weights)));
    List<JsonObject> events = jsonLines(out);
    assertEquals("failed", events.get(events.size() - 1).get("event").getAsString());
    assertEquals(5, events.get(events.size() - 1).get("exit_code").getAsInt());
  }

  @Test
  public void downloadUrl_outIsAFolder_exits3BeforeAnyRequestAndLeavesNothing() throws Exception {
    Path folder = tmp.newFolder("existing").toPath();

    int code = downloadWeightsTo(folder);

    assertEquals(err, 3, code);
    assertEquals(err, 1, err.strip().split("\n").length);
    assertTrue(err, err.contains(folder + ": is a folder"));
    assertEquals(0, server.getRequestCount());
    assertEquals(List.of("existing"), names(tmp.getRoot().toPath()));
    assertEquals(List.of(), names(folder));
  }

  @Test
  public void downloadUrl_outUnderARegularFile_exits3BeforeAnyRequest() throws Exception {
    Path file = tmp.newFile("plain-file").toPath();

    int code = downloadWeightsTo(file.resolve("model.onnx"));

    assertEquals(err, 3, code);
    assertTrue(err, err.contains("plain-file is not a folder"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  public void downloadPackage_dirIsARegularFile_exits3BeforeAnyRequest() throws Exception {
    Path file = tmp.newFile("models").toPath();

    int code =
        run(
            "download",
            "--hf-repo",
            "owner/name",
            "--variant",
            "q4",
            "--hub",
            server.url("/").toString(),
            "--dir",
            file.toString());

    assertEquals(err, 3, code);
    assertTrue(err, err.contains(file + ": exists and is not a folder"));
    assertEquals(0, server.getRequestCount());
  }

  private int downloadWeightsTo(Path out) {
    return run(
        "download", "--url", server.url("/m/onnx/model.onnx").toString(), "--out", out.toString());
  }

  private static List<String> names(Path dir) throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  public void downloadUrl_notFound_exits4() {
    int code =
        run(
            "download",
            "--url",
            server.url("/nothing").toString(),
            "--out",
            tmp.getRoot().toPath().resolve("x").toString());
    assertEquals(4, code);
  }

  @Test
  public void downloadCatalogPackage_installsWithManifestAndModelsListsIt() throws Exception {
    Path catalog = tmp.getRoot().toPath().resolve("catalog.json");
    Files.writeString(
        catalog,
        "{\"format\":1,\"packages\":[{\"id\":\"tiny\",\"display_name\":\"Tiny\",\"family\":\"qwen3\","
            + "\"source\":{\"base_url\":\""
            + server.url("/m/")
            + "\"},\"graphs\":{\"decoder\":\"onnx/model.onnx\"},\"min_ram_mb\":64,"
            + "\"files\":[{\"path\":\"onnx/model.onnx\",\"size\":"
            + weights.length
            + ",\"sha256\":\""
            + sha256(weights)
            + "\"},{\"path\":\"config.json\",\"size\":"
            + config.length
            + ",\"sha256\":\""
            + sha256(config)
            + "\"}]}]}");
    Path root = tmp.newFolder("models").toPath();
    int code =
        run("download", "--catalog", catalog.toString(), "--id", "tiny", "--dir", root.toString());
    assertEquals(err, 0, code);
    assertTrue(out, out.startsWith("installed tiny in "));
    PackageManifest m = PackageManifest.read(root.resolve("tiny"));
    assertEquals(
        List.of(), PackageVerifier.verify(root.resolve("tiny"), m, PackageVerifier.Mode.FULL));

    assertEquals(0, run("models", "--catalog", catalog.toString(), "--json"));
    JsonObject listed = jsonLines(out).get(0);
    assertEquals("tiny", listed.get("id").getAsString());
    assertEquals(weights.length + config.length, listed.get("size_bytes").getAsLong());
    assertEquals(64, listed.get("min_ram_mb").getAsLong());
  }

  @Test
  public void models_hostileCatalogText_isShownEscaped_andJsonKeepsItExactly() throws Exception {
    String hostile = "Evil \u001b[2J\u001b]52;c;aGVsbG8=\u0007 \u009b31m\u202ered";
    JsonObject entry = new JsonObject();
    entry.addProperty("id", "evil");
    entry.addProperty("display_name", hostile);
    entry.addProperty("family", "qwen3\u001b[8m");
    JsonObject source = new JsonObject();
    source.addProperty("hf_repo", "evil/model");
    entry.add("source", source);
    JsonObject graphs = new JsonObject();
    graphs.addProperty("decoder", "onnx/model.onnx");
    entry.add("graphs", graphs);
    JsonObject catalog = new JsonObject();
    catalog.addProperty("format", 1);
    com.google.gson.JsonArray packages = new com.google.gson.JsonArray();
    packages.add(entry);
    catalog.add("packages", packages);
    Path file = tmp.getRoot().toPath().resolve("evil.json");
    Files.writeString(file, catalog.toString());

    assertEquals(err, 0, run("models", "--catalog", file.toString()));
    assertEquals(out, -1, TerminalTextTest.firstUnsafe(out));
    assertTrue(out, out.contains("Evil \\u001b[2J\\u001b]52;c;aGVsbG8=\\u0007 \\u009b31m"));

    assertEquals(err, 0, run("models", "--catalog", file.toString(), "--json"));
    assertEquals(out, -1, TerminalTextTest.firstUnsafe(out));
    JsonObject listed = jsonLines(out).get(0);
    assertEquals(hostile, listed.get("display_name").getAsString());
    assertEquals("qwen3\u001b[8m", listed.get("family").getAsString());
  }

  @Test
  public void badCatalogOrUsage_exitCodes3And2() throws Exception {
    Path catalog = tmp.getRoot().toPath().resolve("bad.json");
    Files.writeString(catalog, "{\"format\":1,\"packages\":[{\"id\":\"x\"}]}");
    assertEquals(3, run("models", "--catalog", catalog.toString()));
    assertTrue(err, err.contains("missing required field \"packages[0].family\""));
    assertEquals(
        3,
        run(
            "download",
            "--catalog",
            catalog.toString(),
            "--id",
            "x",
            "--dir",
            tmp.getRoot().toString()));
    assertEquals(2, run("download", "--id", "x"));
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] content) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (byte x : MessageDigest.getInstance("SHA-256").digest(content)) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }
}
