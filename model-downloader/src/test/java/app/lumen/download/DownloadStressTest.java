package app.lumen.download;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * 200 small downloads against a loopback server that misbehaves at random (seeded, and decided per
 * path and request number). One file in twenty is poisoned: every answer has wrong bytes, so
 * exactly those ten fail, as integrity errors. Every other file gets random faults on at most its
 * first {@link #FAULTY_ANSWERS} requests, fewer than either retry budget, so each of them must
 * install, whatever the timing (OkHttp silently retrying on a connection the server closed only
 * moves a fault to another request number). No fault depends on a timeout.
 */
public class DownloadStressTest {
  private static final long SEED = 20261123L;
  private static final int DOWNLOADS = 200;
  private static final int IN_FLIGHT = 16;
  // Below both maxAttempts (6) and maxIntegrityFailures (5): a healthy file always gets through.
  private static final int FAULTY_ANSWERS = 4;
  private static final Fault[] FAULTS = {
    Fault.CUT_MID_BODY,
    Fault.CUT_MID_BODY,
    Fault.DISCONNECT,
    Fault.WRONG_OFFSET,
    Fault.WRONG_TOTAL,
    Fault.WRONG_BYTES,
    Fault.LYING_LENGTH,
    Fault.STATUS_503,
    Fault.STATUS_429,
    Fault.IGNORE_RANGE,
  };

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void randomFaults_neverInstallACorruptFile() throws Exception {
    Random sizes = new Random(SEED);
    Map<String, byte[]> content = new ConcurrentHashMap<>();
    FakeFileServer files = new FakeFileServer();
    for (int i = 0; i < DOWNLOADS; i++) {
      byte[] bytes = TestData.bytes(2_000 + sizes.nextInt(40_000), SEED + i);
      content.put("/f/" + i, bytes);
      files.put("/f/" + i, bytes);
    }
    Map<String, AtomicInteger> requestNumber = new ConcurrentHashMap<>();
    Map<Fault, Integer> injected = new ConcurrentHashMap<>();
    files.faultChooser =
        path -> {
          int index = Integer.parseInt(path.substring(3));
          if (index % 20 == 0) {
            return Fault.WRONG_BYTES;
          }
          int n = requestNumber.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
          if (n >= FAULTY_ANSWERS) {
            return Fault.NONE;
          }
          // SplittableRandom mixes its seed: nearby seeds give unrelated sequences.
          SplittableRandom r =
              new SplittableRandom(
                  SEED ^ (index * 0x9E3779B97F4A7C15L) ^ (n * 0xC2B2AE3D27D4EB4FL));
          Fault fault = r.nextDouble() < 0.35 ? FAULTS[r.nextInt(FAULTS.length)] : Fault.NONE;
          injected.merge(fault, 1, Integer::sum);
          return fault;
        };

    int verified = 0;
    int retriedFiles = 0;
    int retries = 0;
    Map<DownloadException.Reason, Integer> failed = new EnumMap<>(DownloadException.Reason.class);
    int corruptInstalled = 0;
    RecordingSleeper sleeper = new RecordingSleeper();
    try (MockWebServer server = new MockWebServer();
        ModelDownloader downloader =
            ModelDownloader.create(
                DownloaderConfig.builder()
                    .sleeper(sleeper)
                    .random(new Random(SEED))
                    .backoff(100, 2_000, TimeUnit.MILLISECONDS)
                    .freeSpaceMarginBytes(0)
                    .maxAttempts(6)
                    .maxIntegrityFailures(5)
                    .build())) {
      server.setDispatcher(files);
      server.start();
      Path dir = tmp.newFolder("out").toPath();
      for (int batch = 0; batch < DOWNLOADS; batch += IN_FLIGHT) {
        List<DownloadTask> tasks = new ArrayList<>();
        List<RecordingListener> listeners = new ArrayList<>();
        int end = Math.min(DOWNLOADS, batch + IN_FLIGHT);
        for (int i = batch; i < end; i++) {
          String path = "/f/" + i;
          RecordingListener l = new RecordingListener();
          listeners.add(l);
          tasks.add(
              downloader.download(
                  new FileRequest(
                      server.url(path).toString(),
                      dir.resolve("file-" + i),
                      content.get(path).length,
                      TestData.sha256(content.get(path))),
                  l));
        }
        for (int k = 0; k < tasks.size(); k++) {
          int i = batch + k;
          Path target = dir.resolve("file-" + i);
          try {
            assertEquals(DownloadState.INSTALLED, tasks.get(k).await());
            verified++;
            if (!TestData.sha256(Files.readAllBytes(target))
                .equals(TestData.sha256(content.get("/f/" + i)))) {
              corruptInstalled++;
            }
            assertTrue("poisoned file " + i + " installed", i % 20 != 0);
          } catch (DownloadException e) {
            failed.merge(e.reason(), 1, Integer::sum);

            assertFalse("failed download left a file: " + target, Files.exists(target));
          }
          int r = listeners.get(k).retries.size();
          retries += r;
          retriedFiles += r > 0 ? 1 : 0;
        }
      }
    }
    System.out.printf(
        "download stress: %d downloads, %d verified, %d retried (%d retries, %d ms of backoff"
            + " asked), %d failed %s, %d corrupt installed%n",
        DOWNLOADS,
        verified,
        retriedFiles,
        retries,
        sleeper.totalMillis.get(),
        DOWNLOADS - verified,
        failed,
        corruptInstalled);
    assertEquals(0, corruptInstalled);
    assertEquals(
        "exactly the poisoned files fail, as integrity errors",
        Map.of(DownloadException.Reason.INTEGRITY, DOWNLOADS / 20),
        failed);
    assertEquals("every healthy file gets through", DOWNLOADS - DOWNLOADS / 20, verified);
    for (Fault f : FAULTS) {
      assertTrue(f + " was injected: " + injected, injected.getOrDefault(f, 0) > 0);
    }
  }
}
