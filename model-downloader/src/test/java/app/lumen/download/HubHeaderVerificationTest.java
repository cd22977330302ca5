package app.lumen.download;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.download.internal.Backoff;
import app.lumen.download.internal.FileTransfer;
import app.lumen.download.internal.PlannedFile;
import app.lumen.download.internal.ProgressTracker;
import app.lumen.download.internal.StopSignal;
import app.lumen.download.internal.VerifiedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Files whose digest is not in the plan are verified with what the Hub's first response says:
 * {@code X-Linked-Etag} (LFS SHA-256) or the git blob SHA-1 {@code ETag} of small files; the ETag
 * of a CDN the request was redirected to is never trusted.
 */
public class HubHeaderVerificationTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeHub hub;
  private final byte[] weights = TestData.bytes(70_000, 11);
  private final byte[] small = "{\"eos_token_id\": 2}".getBytes();
  private DownloaderConfig config;
  private OkHttpClient client;

  @Before
  public void setUp() throws Exception {
    hub = new FakeHub("org/repo");
    hub.add("onnx/model.onnx", weights, true);
    hub.add("generation_config.json", small, false);
    config =
        DownloaderConfig.builder().sleeper(new RecordingSleeper()).random(new Random(1)).build();
    client = new OkHttpClient.Builder().followRedirects(false).build();
  }

  @After
  public void tearDown() {
    hub.close();
  }

  private VerifiedFile fetch(String path, Path target) throws Exception {
    PlannedFile file =
        new PlannedFile(path, hub.server.url(hub.resolvePath(path)), -1, null, null, true, true);
    return new FileTransfer(
            client,
            config,
            new Backoff(10, 100, new Random(1), () -> 0L),
            new StopSignal(),
            new ProgressTracker(DownloadListener.NONE, () -> 0L, 0))
        .run(file, target);
  }

  @Test
  public void lfsFile_verifiedWithLinkedEtagOfTheRedirect() throws Exception {
    Path target = tmp.getRoot().toPath().resolve("model.onnx");
    VerifiedFile v = fetch("onnx/model.onnx", target);
    assertEquals(TestData.sha256(weights), v.sha256());
    assertArrayEquals(weights, Files.readAllBytes(target));
  }

  @Test
  public void lfsFile_cdnServingOtherBytes_failsIntegrity() {
    hub.files.faultChooser = p -> Fault.WRONG_BYTES;
    Path target = tmp.getRoot().toPath().resolve("model.onnx");
    DownloadException e =
        assertThrows(DownloadException.class, () -> fetch("onnx/model.onnx", target));
    assertEquals(DownloadException.Reason.INTEGRITY, e.reason());
    assertTrue(e.getMessage(), e.getMessage().contains("expected " + TestData.sha256(weights)));
    assertFalse(Files.exists(target));
  }

  @Test
  public void smallFile_verifiedWithGitBlobEtag() throws Exception {
    Path target = tmp.getRoot().toPath().resolve("generation_config.json");
    assertEquals(TestData.sha256(small), fetch("generation_config.json", target).sha256());
    hub.files.faultChooser = p -> Fault.WRONG_BYTES;
    Files.delete(target);
    DownloadException e =
        assertThrows(DownloadException.class, () -> fetch("generation_config.json", target));
    assertTrue(e.getMessage(), e.getMessage().contains("git blob sha1"));
  }

  @Test
  public void cdnEtagAlone_isNotTrusted() {
    String cdn = "/cdn/unlinked";
    hub.files.put(cdn, weights);
    // A CDN ETag that happens to be a SHA-256 of the bytes: still not the Hub's word.
    hub.files.headers.put(cdn, java.util.Map.of("ETag", "\"" + TestData.sha256(weights) + "\""));
    hub.files.routes.put(
        hub.resolvePath("onnx/model.onnx"),
        r ->
            new MockResponse.Builder()
                .code(302)
                .setHeader("Location", hub.server.url(cdn).toString())
                .build());
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> fetch("onnx/model.onnx", tmp.getRoot().toPath().resolve("model.onnx")));
    assertEquals(DownloadException.Reason.INTEGRITY, e.reason());
    assertTrue(e.getMessage(), e.getMessage().contains("cannot verify"));
  }
}
