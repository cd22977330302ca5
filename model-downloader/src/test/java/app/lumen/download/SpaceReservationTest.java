package app.lumen.download;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Free space is promised to running installs: two installs that each fit but not together never
 * both start, and an install that meets a full disk anyway deletes its partial files.
 */
public class SpaceReservationTest {
  // decoderOnly(): 10,000 + 150,000 + 80,000 bytes of graph and data, plus config.json.
  private static final long ONE_INSTALL = 240_000 + 64;
  private static final long MARGIN = 10_000;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeHub hub;
  private Path root;
  private SimulatedDisk disk;
  private final RecordingListener listener = new RecordingListener();

  @Before
  public void setUp() throws Exception {
    hub = TinyRepo.start();
    root = tmp.newFolder("models").toPath();
    // Room for one install and its margin, far from room for two.
    disk = new SimulatedDisk(root, ONE_INSTALL + MARGIN + 100_000);
  }

  @After
  public void tearDown() {
    hub.close();
  }

  private ModelDownloader downloader() {
    return ModelDownloader.create(
        TinyRepo.config(hub).storage(disk).freeSpaceMarginBytes(MARGIN).parallelFiles(1).build());
  }

  private List<String> partsUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(Path::toString).filter(p -> p.endsWith(".part")).collect(Collectors.toList());
    }
  }

  @Test
  public void secondInstall_whileTheFirstStillNeedsTheSpace_isRefusedBeforeWriting()
      throws Exception {
    // The first file of the first install stalls after half of it: almost nothing is written yet,
    // so free space alone would let the second one start and fill the disk under the first.
    hub.files.script(hub.resolvePath("config.json"), Fault.STALL);
    try (ModelDownloader d = downloader()) {
      DownloadTask first = d.install(TinyRepo.decoderOnly("pkg-a"), root, DownloadListener.NONE);
      hub.files.awaitStall(first);

      DownloadException e =
          assertThrows(
              DownloadException.class,
              () -> d.install(TinyRepo.decoderOnly("pkg-b"), root, listener).await());
      assertEquals(DownloadException.Reason.INSUFFICIENT_SPACE, e.reason());
      assertTrue(e.getMessage(), e.getMessage().contains("reserved by running downloads"));
      assertFalse(Files.exists(root.resolve("pkg-b")));

      hub.files.releaseStalls();
      assertEquals(DownloadState.INSTALLED, first.await());
    }
  }

  @Test
  public void twoDownloadersOnOneDisk_shareTheReservations() throws Exception {
    // An app keeps one downloader per network rule (Wi-Fi only, any network); both write to the
    // same disk, so one's running install must count against the other's.
    hub.files.script(hub.resolvePath("config.json"), Fault.STALL);
    try (ModelDownloader wifi = downloader();
        ModelDownloader anyNetwork = downloader()) {
      DownloadTask first = wifi.install(TinyRepo.decoderOnly("pkg-a"), root, DownloadListener.NONE);
      hub.files.awaitStall(first);

      DownloadException e =
          assertThrows(
              DownloadException.class,
              () -> anyNetwork.install(TinyRepo.decoderOnly("pkg-b"), root, listener).await());
      assertEquals(DownloadException.Reason.INSUFFICIENT_SPACE, e.reason());
      assertFalse(Files.exists(root.resolve("pkg-b")));

      hub.files.releaseStalls();
      assertEquals(DownloadState.INSTALLED, first.await());
    }
  }

  @Test
  public void pausedInstall_keepsItsPartsAndReleasesItsReservation() throws Exception {
    String big = hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data");
    hub.files.script(big, Fault.STALL);
    try (ModelDownloader d = downloader()) {
      BytesLatch half = new BytesLatch("onnx/decoder_model_merged_q4.onnx_data", 75_000);
      DownloadTask first = d.install(TinyRepo.decoderOnly("pkg-a"), root, half);
      hub.files.awaitStall(first);
      half.await();
      first.pause();
      assertEquals(DownloadState.PAUSED, first.await());
      List<String> parts = partsUnder(root.resolve("pkg-a"));
      assertEquals(1, parts.size());

      // The paused install promises nothing any more: the other one may use the space.
      assertEquals(
          DownloadState.INSTALLED,
          d.install(TinyRepo.decoderOnly("pkg-b"), root, listener).await());
      assertEquals(parts, partsUnder(root.resolve("pkg-a")));
    }
  }

  @Test
  public void diskFilledBySomethingElse_failsDiskFullAndDeletesTheInstallsParts() throws Exception {
    String big = hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data");
    hub.files.script(big, Fault.STALL);
    try (ModelDownloader d = downloader()) {
      DownloadTask task = d.install(TinyRepo.decoderOnly("pkg-a"), root, DownloadListener.NONE);
      hub.files.awaitStall(task);
      disk.hiddenUse = disk.usableBytes(root) - 1_000; // another app takes almost everything
      hub.files.releaseStalls();
      DownloadException e = assertThrows(DownloadException.class, task::await);
      assertEquals(DownloadException.Reason.DISK_FULL, e.reason());
    }
    assertEquals(List.of(), partsUnder(root.resolve("pkg-a")));
    assertFalse(Files.exists(root.resolve("pkg-a").resolve("lumen-package.json")));
  }
}
