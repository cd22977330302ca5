package app.lumen.download;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** One file against a real HTTP server on loopback, with one injected fault per test. */
public class SingleFileDownloadTest {
  private static final int SIZE = 200_000;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final MockWebServer server = new MockWebServer();
  private final FakeFileServer files = new FakeFileServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final RecordingListener listener = new RecordingListener();
  private final byte[] content = TestData.bytes(SIZE, 42);
  private final String sha256 = TestData.sha256(content);
  private final BytesLatch halfWritten = new BytesLatch("model.onnx", SIZE / 2);
  private ModelDownloader downloader;
  private Path target;

  @Before
  public void setUp() throws Exception {
    server.setDispatcher(files);
    server.start();
    files.put("/model.onnx", content);
    downloader = ModelDownloader.create(config().build());
    target = tmp.getRoot().toPath().resolve("out/model.onnx");
  }

  @After
  public void tearDown() {
    files.releaseStalls();
    downloader.close();
    server.close();
  }

  private DownloaderConfig.Builder config() {
    return DownloaderConfig.builder()
        .sleeper(sleeper)
        .random(new Random(7))
        .backoff(100, 1_000, TimeUnit.MILLISECONDS)
        // Long enough never to fire on a busy machine: only the test of timeouts sets its own.
        .readTimeout(1, TimeUnit.MINUTES)
        .progressInterval(0, TimeUnit.MILLISECONDS)
        .freeSpaceMarginBytes(0)
        .maxAttempts(5);
  }

  private String url() {
    return server.url("/model.onnx").toString();
  }

  private DownloadState download(String expectedSha) throws Exception {
    return downloader.download(new FileRequest(url(), target, SIZE, expectedSha), listener).await();
  }

  private void assertVerifiedInPlace() throws Exception {
    assertArrayEquals(content, Files.readAllBytes(target));
    assertFalse(Files.exists(part()));
  }

  private Path part() {
    return target.resolveSibling("model.onnx.part");
  }

  @Test
  public void download_cleanServer_installsVerifiedFileAndReportsProgress() throws Exception {
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(DownloadState.Kind.QUEUED, listener.kinds().get(0));
    assertEquals(DownloadState.Kind.INSTALLED, listener.kinds().get(listener.kinds().size() - 1));
    assertTrue(listener.kinds().contains(DownloadState.Kind.VERIFYING));
    DownloadProgress last = listener.progress.get(listener.progress.size() - 1);
    assertEquals(SIZE, last.bytes());
    assertEquals(SIZE, last.total());
    assertEquals(List.of("model.onnx"), listener.verified);
    assertFalse(listener.concurrentCall);
  }

  @Test
  public void resume_afterSocketCutMidBody_sendsRangeAndProducesSameSha256() throws Exception {
    files.script("/model.onnx", Fault.CUT_MID_BODY);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(Arrays.asList(null, "bytes=" + SIZE / 2 + "-"), files.rangesFor("/model.onnx"));
    assertEquals(1, listener.retries.size());
  }

  @Test
  public void wrongBytesOnce_partDiscardedAndRefetchedFromZero() throws Exception {
    files.script("/model.onnx", Fault.WRONG_BYTES);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(Arrays.asList(null, null), files.rangesFor("/model.onnx"));
    assertTrue(listener.retries.get(0), listener.retries.get(0).contains("sha256"));
  }

  @Test
  public void wrongBytesEveryTime_failsAsIntegrityAndLeavesNoFile() throws Exception {
    files.faultChooser = p -> Fault.WRONG_BYTES;
    DownloadException e = assertThrows(DownloadException.class, () -> download(sha256));
    assertEquals(DownloadException.Reason.INTEGRITY, e.reason());
    assertTrue(e.getMessage(), e.getMessage().contains("expected " + sha256));
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(part()));
    assertEquals(DownloadState.Kind.FAILED, listener.kinds().get(listener.kinds().size() - 1));
  }

  @Test
  public void withoutExpectedHash_onlyTheSizeIsChecked() throws Exception {
    // Without a hash only the size can be checked: documents the limit of unverified downloads.
    files.script("/model.onnx", Fault.WRONG_BYTES);
    assertEquals(DownloadState.INSTALLED, download(null));
    assertEquals(SIZE, Files.size(target));
  }

  @Test
  public void withoutExpectedHash_existingFileSurvivesAFailedAttempt() throws Exception {
    byte[] earlier = TestData.bytes(SIZE, 9);
    Files.createDirectories(target.getParent());
    Files.write(target, earlier);
    files.faultChooser = p -> Fault.STATUS_404;
    assertThrows(DownloadException.class, () -> download(null));
    // Nothing could be checked against, but nothing replaced it either: the file is kept.
    assertArrayEquals(earlier, Files.readAllBytes(target));
  }

  @Test
  public void lyingContentLength_isRejectedThenCorrectAnswerInstalled() throws Exception {
    files.script("/model.onnx", Fault.LYING_LENGTH);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertTrue(listener.retries.get(0), listener.retries.get(0).contains("expected " + SIZE));
  }

  @Test
  public void lyingContentLengthWithUnknownSize_caughtByHash() throws Exception {
    files.script("/model.onnx", Fault.LYING_LENGTH);
    DownloadState s =
        downloader.download(new FileRequest(url(), target, -1, sha256), listener).await();
    assertEquals(DownloadState.INSTALLED, s);
    assertVerifiedInPlace();
  }

  @Test
  public void status503ThenSuccess_retriesAfterBackoff() throws Exception {
    files.script("/model.onnx", Fault.STATUS_503, Fault.STATUS_503);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(2, listener.retries.size());
    // equal jitter: 1st delay in [50, 100] ms, 2nd in [100, 200] ms
    assertTrue(sleeper.totalMillis.get() >= 150 && sleeper.totalMillis.get() <= 300);
  }

  @Test
  public void status429_waitsExactlyRetryAfter() throws Exception {
    files.script("/model.onnx", Fault.STATUS_429);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertEquals(2_000, sleeper.totalMillis.get());
  }

  @Test
  public void serverIgnoringRange_restartsFromZeroOverAStalePart() throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(part(), new byte[5000]); // zeros: wrong bytes that must not survive
    files.script("/model.onnx", Fault.IGNORE_RANGE);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(List.of("bytes=5000-"), files.rangesFor("/model.onnx"));
  }

  @Test
  public void partFileThatIsALinkOutside_isReplacedNotFollowed() throws Exception {
    Path outside = tmp.newFile("precious.txt").toPath();
    Files.write(outside, new byte[] {1, 2, 3});
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(part(), outside);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(outside));
  }

  @Test
  public void status416_withCompletePart_verifiesWithoutRefetching() throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(part(), content);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(List.of("bytes=" + SIZE + "-"), files.rangesFor("/model.onnx"));
  }

  @Test
  public void status416_withCorruptCompletePart_refetchesFromZero() throws Exception {
    Files.createDirectories(target.getParent());
    byte[] corrupt = content.clone();
    corrupt[10] ^= 1;
    Files.write(part(), corrupt);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(Arrays.asList("bytes=" + SIZE + "-", null), files.rangesFor("/model.onnx"));
  }

  @Test
  public void redirect307ToAnotherHost_followedWithRangeKept() throws Exception {
    try (MockWebServer cdn = new MockWebServer()) {
      FakeFileServer cdnFiles = new FakeFileServer();
      cdnFiles.put("/blobs/abc", content);
      cdn.setDispatcher(cdnFiles);
      cdn.start();
      files.routes.put(
          "/model.onnx",
          r ->
              new MockResponse.Builder()
                  .code(307)
                  .setHeader("Location", cdn.url("/blobs/abc").toString())
                  .build());
      Files.createDirectories(target.getParent());
      Files.write(part(), Arrays.copyOf(content, 1234));
      assertEquals(DownloadState.INSTALLED, download(sha256));
      assertVerifiedInPlace();
      assertEquals(List.of("bytes=1234-"), cdnFiles.rangesFor("/blobs/abc"));
    }
  }

  @Test
  public void redirectToPlainHttpRemoteHost_isRefused() throws Exception {
    files.routes.put(
        "/model.onnx",
        r ->
            new MockResponse.Builder()
                .code(302)
                .setHeader("Location", "http://mirror.example.com/model.onnx")
                .build());
    DownloadException e = assertThrows(DownloadException.class, () -> download(sha256));
    assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
    assertFalse(Files.exists(target));
  }

  @Test
  public void plainHttpRemoteUrl_isRefusedBeforeAnyRequest() {
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                downloader
                    .download(
                        new FileRequest("http://example.com/model.onnx", target, SIZE, sha256),
                        listener)
                    .await());
    assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
  }

  @Test
  public void stalledConnection_timesOutAndResumesFromWhatArrived() throws Exception {
    // The first answer stalls until the test ends, so the read timeout must fire, however slowly
    // the machine runs; what arrived before it is kept and resumed from.
    files.script("/model.onnx", Fault.STALL);
    AtomicLong bytesBeforeRetry = new AtomicLong(-1);
    DownloadListener watcher =
        new DownloadListener() {
          private long fileBytes;

          @Override
          public void onProgress(DownloadProgress p) {
            fileBytes = p.fileBytes();
          }

          @Override
          public void onRetry(String file, int attempt, long delayMillis, String cause) {
            listener.onRetry(file, attempt, delayMillis, cause);
            bytesBeforeRetry.compareAndSet(-1, fileBytes);
          }
        };
    try (ModelDownloader d =
        ModelDownloader.create(config().readTimeout(300, TimeUnit.MILLISECONDS).build())) {
      assertEquals(
          DownloadState.INSTALLED,
          d.download(new FileRequest(url(), target, SIZE, sha256), watcher).await());
    }
    assertVerifiedInPlace();
    assertTrue(listener.retries.get(0), listener.retries.get(0).contains("timed out"));
    List<String> ranges = files.rangesFor("/model.onnx");
    assertNull(ranges.get(0));
    long kept = bytesBeforeRetry.get();
    assertTrue("kept " + kept, kept >= 0 && kept <= SIZE / 2);
    assertEquals(kept == 0 ? null : "bytes=" + kept + "-", ranges.get(1));
  }

  @Test
  public void resumeAnsweredFromAnotherByte_isRefusedAndRestartedFromZero() throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(part(), Arrays.copyOf(content, 50_000));
    files.script("/model.onnx", Fault.WRONG_OFFSET); // answers bytes 25000-… to bytes=50000-
    // One integrity failure ends the task: appending those bytes to the part would be caught only
    // by the size or hash check, and that must not be what saves the download.
    try (ModelDownloader d = ModelDownloader.create(config().maxIntegrityFailures(1).build())) {
      assertEquals(
          DownloadState.INSTALLED,
          d.download(new FileRequest(url(), target, SIZE, sha256), listener).await());
    }
    assertVerifiedInPlace();
    assertEquals(Arrays.asList("bytes=50000-", null), files.rangesFor("/model.onnx"));
    assertEquals(1, listener.retries.size());
    String retry = listener.retries.get(0);
    assertTrue(retry, retry.contains("bytes 25000-199999/200000") && retry.contains("from zero"));
    assertTrue(
        "progress goes back to zero", listener.progress.stream().anyMatch(p -> p.fileBytes() == 0));
  }

  @Test
  public void resumeAnsweredWithAnotherTotalLength_isRefusedAndRestartedFromZero()
      throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(part(), Arrays.copyOf(content, 50_000));
    files.script("/model.onnx", Fault.WRONG_TOTAL);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(Arrays.asList("bytes=50000-", null), files.rangesFor("/model.onnx"));
    assertEquals(1, listener.retries.size());
    String retry = listener.retries.get(0);
    assertTrue(retry, retry.contains("201000") && retry.contains("expected " + SIZE));
  }

  @Test
  public void notFound_failsAtOnceAsHttpError() {
    files.script("/model.onnx", Fault.STATUS_404);
    DownloadException e = assertThrows(DownloadException.class, () -> download(sha256));
    assertEquals(DownloadException.Reason.HTTP, e.reason());
    assertEquals(1, files.requestCount("/model.onnx"));
  }

  @Test
  public void cutsThatKeepMakingProgress_doNotSpendTheAttemptBudget() throws Exception {
    // Five cuts in a row would exhaust maxAttempts(5) if progress did not reset the count.
    files.script(
        "/model.onnx",
        Fault.CUT_MID_BODY,
        Fault.CUT_MID_BODY,
        Fault.CUT_MID_BODY,
        Fault.CUT_MID_BODY,
        Fault.CUT_MID_BODY,
        Fault.CUT_MID_BODY);
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    assertEquals(7, files.requestCount("/model.onnx"));
  }

  @Test
  public void endlessServerErrors_giveUpAsNetworkFailure() {
    files.faultChooser = p -> Fault.STATUS_503;
    DownloadException e = assertThrows(DownloadException.class, () -> download(sha256));
    assertEquals(DownloadException.Reason.NETWORK, e.reason());
    assertTrue(e.getMessage(), e.getMessage().contains("gave up after 5 attempts: HTTP 503"));
  }

  @Test
  public void processDeath_newDownloaderResumesFromPartOffset() throws Exception {
    files.script("/model.onnx", Fault.CUT_MID_BODY);
    // First "process": gives up at the first failure, as if it had been killed mid-file.
    try (ModelDownloader first = ModelDownloader.create(config().maxAttempts(1).build())) {
      DownloadException e =
          assertThrows(
              DownloadException.class,
              () -> first.download(new FileRequest(url(), target, SIZE, sha256), listener).await());
      assertEquals(DownloadException.Reason.NETWORK, e.reason());
    }
    assertEquals(SIZE / 2, Files.size(part()));
    assertFalse(Files.exists(target));
    try (ModelDownloader second = ModelDownloader.create(config().build())) {
      assertEquals(
          DownloadState.INSTALLED,
          second.download(new FileRequest(url(), target, SIZE, sha256), listener).await());
    }
    assertVerifiedInPlace();
    assertEquals(Arrays.asList(null, "bytes=" + SIZE / 2 + "-"), files.rangesFor("/model.onnx"));
  }

  @Test
  public void pause_keepsPartAndNewTaskResumes() throws Exception {
    files.faultChooser = p -> Fault.STALL; // half arrives, then the server holds the connection
    DownloadTask task =
        downloader.download(new FileRequest(url(), target, SIZE, sha256), halfWritten);
    halfWritten.await();
    task.pause();
    assertEquals(DownloadState.PAUSED, task.await());
    assertEquals(SIZE / 2, Files.size(part()));
    files.faultChooser = p -> Fault.NONE;
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    List<String> ranges = files.rangesFor("/model.onnx");
    assertEquals("bytes=" + SIZE / 2 + "-", ranges.get(ranges.size() - 1));
  }

  @Test
  public void cancel_deletesThePart() throws Exception {
    files.faultChooser = p -> Fault.STALL;
    DownloadTask task =
        downloader.download(new FileRequest(url(), target, SIZE, sha256), halfWritten);
    halfWritten.await();
    task.cancel();
    assertEquals(DownloadState.CANCELLED, task.await());
    assertFalse(Files.exists(part()));
    assertFalse(Files.exists(target));
  }

  @Test
  public void diskFullMidway_clearErrorAndThePartIsDeleted() throws Exception {
    DownloadStorage fillsUp =
        new DownloadStorage() {
          @Override
          public long usableBytes(Path dir) {
            return Long.MAX_VALUE;
          }

          @Override
          public OutputStream openAppend(Path file) throws IOException {
            OutputStream real = DownloadStorage.FILE_SYSTEM.openAppend(file);
            return new FilterOutputStream(real) {
              long written;

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 100_000) {
                  throw new IOException("No space left on device");
                }
                out.write(b, off, len);
                written += len;
              }
            };
          }
        };
    try (ModelDownloader full = ModelDownloader.create(config().storage(fillsUp).build())) {
      DownloadException e =
          assertThrows(
              DownloadException.class,
              () -> full.download(new FileRequest(url(), target, SIZE, sha256), listener).await());
      assertEquals(DownloadException.Reason.DISK_FULL, e.reason());
      assertTrue(e.getMessage(), e.getMessage().contains("partial files are deleted"));
    }
    // The disk is not left full: nothing of the failed download stays.
    assertFalse(Files.exists(part()));
    assertFalse(Files.exists(target));
    assertEquals(DownloadState.INSTALLED, download(sha256));
    assertVerifiedInPlace();
    List<String> ranges = files.rangesFor("/model.onnx");
    assertNull(ranges.get(ranges.size() - 1));
  }

  @Test
  public void notEnoughFreeSpace_failsBeforeAnyRequest() throws Exception {
    DownloadStorage tiny =
        new DownloadStorage() {
          @Override
          public long usableBytes(Path dir) {
            return SIZE - 1;
          }

          @Override
          public OutputStream openAppend(Path file) throws IOException {
            return DownloadStorage.FILE_SYSTEM.openAppend(file);
          }
        };
    try (ModelDownloader d = ModelDownloader.create(config().storage(tiny).build())) {
      DownloadException e =
          assertThrows(
              DownloadException.class,
              () -> d.download(new FileRequest(url(), target, SIZE, sha256), listener).await());
      assertEquals(DownloadException.Reason.INSUFFICIENT_SPACE, e.reason());
    }
    assertEquals(0, files.requestCount("/model.onnx"));
  }

  @Test
  public void meteredNetworkNotAllowed_waitsForNetworkThenDownloads() throws Exception {
    AtomicBoolean wifi = new AtomicBoolean(false);
    NetworkPolicy wifiOnly =
        new NetworkPolicy() {
          @Override
          public Requirement requirement() {
            return Requirement.UNMETERED;
          }

          @Override
          public boolean isSatisfied() {
            return wifi.get();
          }
        };
    Sleeper wifiComesBack =
        millis -> {
          sleeper.sleep(millis);
          if (sleeper.calls.get() >= 3) {
            wifi.set(true);
          }
        };
    try (ModelDownloader d =
        ModelDownloader.create(
            config()
                .networkPolicy(wifiOnly)
                .sleeper(wifiComesBack)
                .networkPollInterval(100, TimeUnit.MILLISECONDS)
                .build())) {
      assertEquals(
          DownloadState.INSTALLED,
          d.download(new FileRequest(url(), target, SIZE, sha256), listener).await());
    }
    assertVerifiedInPlace();
    assertTrue(listener.kinds().contains(DownloadState.Kind.WAITING_FOR_NETWORK));
    assertEquals(3, sleeper.calls.get());
  }
}
