package app.lumen.download;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageSource;
import app.lumen.pkg.PackageVerifier;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Installs packages from a fake Hugging Face Hub on loopback. */
public class PackageInstallTest {
  private static final String REPO = TinyRepo.REPO;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeHub hub;
  private Path root;
  private final RecordingListener listener = new RecordingListener();

  @Before
  public void setUp() throws Exception {
    hub = TinyRepo.start();
    root = tmp.newFolder("models").toPath();
  }

  @After
  public void tearDown() {
    hub.close();
  }

  private DownloaderConfig.Builder config() {
    return TinyRepo.config(hub);
  }

  private static CatalogEntry entry() {
    return TinyRepo.entry(TinyRepo.ID);
  }

  private static final Set<String> PACKAGE_FILES =
      new TreeSet<>(
          List.of(
              "config.json",
              "generation_config.json",
              "preprocessor_config.json",
              "tokenizer.json",
              "tokenizer_config.json",
              "onnx/vision_encoder_quantized.onnx",
              "onnx/embed_tokens_fp16.onnx",
              "onnx/embed_tokens_fp16.onnx_data",
              "onnx/decoder_model_merged_q4.onnx",
              "onnx/decoder_model_merged_q4.onnx_data",
              "onnx/decoder_model_merged_q4.onnx_data_1"));

  private Path pkg() {
    return root.resolve("tiny-vl-q4");
  }

  private List<String> filesOnDisk() throws IOException {
    try (Stream<Path> s = Files.walk(pkg())) {
      return s.filter(Files::isRegularFile)
          .map(p -> pkg().relativize(p).toString().replace('\\', '/'))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  public void install_fromHub_writesManifestLastAfterEveryFileVerified() throws Exception {
    List<Boolean> manifestPresentAtVerify = Collections.synchronizedList(new ArrayList<>());
    DownloadListener watcher =
        new DownloadListener() {
          @Override
          public void onFileVerified(String file, long size, String sha256) {
            manifestPresentAtVerify.add(Files.exists(pkg().resolve(PackageManifest.FILE_NAME)));
            listener.onFileVerified(file, size, sha256);
          }

          @Override
          public void onProgress(DownloadProgress p) {
            listener.onProgress(p);
          }

          @Override
          public void onStateChanged(DownloadState s) {
            listener.onStateChanged(s);
          }
        };
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, watcher).await());
    }
    assertEquals(11, manifestPresentAtVerify.size());
    assertFalse(manifestPresentAtVerify.contains(true));

    PackageManifest m = PackageManifest.read(pkg());
    assertEquals("tiny-vl-q4", m.id());
    assertEquals("qwen2_vl", m.family());
    assertEquals(new PackageSource(REPO, "main"), m.source());
    assertEquals("onnx/decoder_model_merged_q4.onnx", m.graphs().get("decoder"));
    assertEquals(4096, m.minRamMb());
    Set<String> listed = new TreeSet<>();
    for (PackageFile f : m.files()) {
      listed.add(f.path());
      assertEquals(f.path(), TestData.sha256(hub.content.get(f.path())), f.sha256());
      assertEquals(hub.content.get(f.path()).length, f.size());
    }
    assertEquals(PACKAGE_FILES, listed);
    Set<String> expectedOnDisk = new TreeSet<>(PACKAGE_FILES);
    expectedOnDisk.add(PackageManifest.FILE_NAME);
    assertEquals(new ArrayList<>(expectedOnDisk), filesOnDisk());
    assertEquals(List.of(), PackageVerifier.verify(pkg(), m, PackageVerifier.Mode.FULL));
    assertEquals(0, hub.files.requestCount(hub.cdnPath("onnx/decoder_model_merged.onnx")));

    DownloadProgress last = listener.progress.get(listener.progress.size() - 1);
    assertEquals(m.totalSize(), last.total());
    assertEquals(m.totalSize(), last.bytes());
    assertFalse(listener.concurrentCall);
  }

  @Test
  public void install_lfsFileCorruptOnEveryAttempt_failsIntegrityWithoutManifest()
      throws Exception {
    hub.files.script(
        hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data"),
        Fault.WRONG_BYTES,
        Fault.WRONG_BYTES,
        Fault.WRONG_BYTES,
        Fault.WRONG_BYTES);
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      DownloadException e =
          assertThrows(DownloadException.class, () -> d.install(entry(), root, listener).await());
      assertEquals(DownloadException.Reason.INTEGRITY, e.reason());
      assertEquals("onnx/decoder_model_merged_q4.onnx_data", e.file());
    }
    assertFalse(Files.exists(pkg().resolve(PackageManifest.FILE_NAME)));
    assertFalse(Files.exists(pkg().resolve("onnx/decoder_model_merged_q4.onnx_data")));
  }

  @Test
  public void install_smallFileWithWrongBytes_caughtByGitBlobEtag() throws Exception {
    hub.files.script(hub.resolvePath("generation_config.json"), Fault.WRONG_BYTES);
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, listener).await());
    }
    assertTrue(
        listener.retries.toString(),
        listener.retries.stream().anyMatch(r -> r.contains("git blob sha1")));
    assertEquals(
        TestData.sha256(hub.content.get("generation_config.json")),
        PackageManifest.read(pkg()).file("generation_config.json").get().sha256());
  }

  @Test
  public void install_afterProcessDeath_skipsVerifiedFilesAndResumesPartWithRange()
      throws Exception {
    String big = hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data");
    hub.files.script(big, Fault.CUT_MID_BODY);
    try (ModelDownloader first =
        ModelDownloader.create(config().maxAttempts(1).parallelFiles(1).build())) {
      assertThrows(DownloadException.class, () -> first.install(entry(), root, listener).await());
    }
    assertFalse(Files.exists(pkg().resolve(PackageManifest.FILE_NAME)));
    assertEquals(75_000, Files.size(pkg().resolve("onnx/decoder_model_merged_q4.onnx_data.part")));
    int configRequests = hub.files.requestCount(hub.resolvePath("config.json"));
    assertEquals(1, configRequests);

    try (ModelDownloader second = ModelDownloader.create(config().build())) {
      assertEquals(DownloadState.INSTALLED, second.install(entry(), root, listener).await());
    }
    List<String> ranges = hub.files.rangesFor(big);
    assertEquals("bytes=75000-", ranges.get(ranges.size() - 1));
    // config.json was verified and recorded before the "death": not fetched again
    assertEquals(1, hub.files.requestCount(hub.resolvePath("config.json")));
    assertEquals(
        List.of(),
        PackageVerifier.verify(pkg(), PackageManifest.read(pkg()), PackageVerifier.Mode.FULL));
  }

  @Test
  public void install_wifiOnlyWithoutWifi_makesNoRequestUntilAllowed() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean wifi =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger requestsWhileWaiting =
        new java.util.concurrent.atomic.AtomicInteger(-1);
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
    Sleeper waitThenWifi =
        millis -> {
          requestsWhileWaiting.set(hub.files.requests.size());
          wifi.set(true);
        };
    try (ModelDownloader d =
        ModelDownloader.create(config().networkPolicy(wifiOnly).sleeper(waitThenWifi).build())) {
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, listener).await());
    }
    assertEquals(0, requestsWhileWaiting.get());
    assertEquals(DownloadState.Kind.WAITING_FOR_NETWORK, listener.kinds().get(1));
  }

  @Test
  public void install_alreadyInstalledAndUpToDate_readsTheTreeAndFetchesNoFile() throws Exception {
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      d.install(entry(), root, listener).await();
      int before = hub.files.requests.size();
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, listener).await());
      // Only the tree, to compare the installed files with the repository's.
      List<String> after = new ArrayList<>();
      synchronized (hub.files.requests) {
        hub.files.requests.subList(before, hub.files.requests.size()).stream()
            .map(r -> r.getUrl().encodedPath())
            .forEach(after::add);
      }
      assertEquals(List.of("/api/models/" + REPO + "/tree/main"), after);
    }
  }

  @Test
  public void install_overBrokenInstall_removesManifestAndRepairs() throws Exception {
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      d.install(entry(), root, listener).await();
      try (RandomAccessFile f =
          new RandomAccessFile(pkg().resolve("onnx/embed_tokens_fp16.onnx_data").toFile(), "rw")) {
        f.setLength(1000);
      }
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, listener).await());
    }
    assertEquals(
        List.of(),
        PackageVerifier.verify(pkg(), PackageManifest.read(pkg()), PackageVerifier.Mode.FULL));
  }

  @Test
  public void packageSize_beforeInstalling_isWhatTheInstallWrites() throws Exception {
    long announced;
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      announced = d.packageSize(entry());
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, listener).await());
    }
    long written = 0;
    for (String file : filesOnDisk()) {
      if (!file.equals(PackageManifest.FILE_NAME)) {
        written += Files.size(pkg().resolve(file));
      }
    }
    assertEquals(written, announced);
  }

  @Test
  public void cancel_removesEverythingTheInstallWrote() throws Exception {
    hub.files.faultChooser =
        p ->
            p.equals(hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data"))
                ? Fault.STALL
                : Fault.NONE;
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      DownloadTask task = d.install(entry(), root, listener);
      hub.files.awaitStall(task); // half of the big file is sent and the server holds the rest
      task.cancel();
      assertEquals(DownloadState.CANCELLED, task.await());
    }
    assertFalse(Files.exists(pkg()));
  }

  @Test
  public void secondInstallOfTheSamePackage_whileFirstRuns_isRefusedAsBusy() throws Exception {
    hub.files.script(hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data"), Fault.STALL);
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      DownloadTask first = d.install(entry(), root, DownloadListener.NONE);
      hub.files.awaitStall(first); // the first is mid-file and cannot finish until released
      DownloadException e =
          assertThrows(DownloadException.class, () -> d.install(entry(), root, listener).await());
      assertEquals(DownloadException.Reason.BUSY, e.reason());
      hub.files.releaseStalls();
      assertEquals(DownloadState.INSTALLED, first.await());
      // once the first is done, installing again is allowed (and finds it installed)
      assertEquals(DownloadState.INSTALLED, d.install(entry(), root, listener).await());
    }
    assertEquals(
        List.of(),
        PackageVerifier.verify(pkg(), PackageManifest.read(pkg()), PackageVerifier.Mode.FULL));
  }

  @Test
  public void install_catalogPathLeavingTheFolder_isRefusedAndNothingWrittenOutside()
      throws Exception {
    CatalogEntry evil =
        new CatalogEntry(
            "tiny-vl-q4",
            "evil",
            "qwen2_vl",
            null,
            CatalogSource.huggingFace(REPO, "main"),
            Map.of("decoder", "onnx/decoder_model_merged_q4.onnx"),
            List.of(CatalogFile.required("../escaped.json")),
            0,
            null);
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      DownloadException e =
          assertThrows(DownloadException.class, () -> d.install(evil, root, listener).await());
      assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
    }
    assertFalse(Files.exists(root.resolve("escaped.json")));
  }

  @Test
  public void install_catalogListingTheManifestItself_isRefusedBeforeDownloading()
      throws Exception {
    hub.addText("lumen-package.json", "{\"format\":1}");
    CatalogEntry sneaky =
        new CatalogEntry(
            "tiny-vl-q4",
            "sneaky",
            "qwen2_vl",
            null,
            CatalogSource.huggingFace(REPO, "main"),
            Map.of("decoder", "onnx/decoder_model_merged_q4.onnx"),
            List.of(CatalogFile.required("lumen-package.json")),
            0,
            null);
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      DownloadException e =
          assertThrows(DownloadException.class, () -> d.install(sneaky, root, listener).await());
      assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
    }
    assertEquals(0, hub.files.requestCount(hub.resolvePath("lumen-package.json")));
    assertFalse(Files.exists(pkg().resolve(PackageManifest.FILE_NAME)));
  }

  @Test
  public void install_missingRequiredFileInRepo_isInvalidInput() throws Exception {
    CatalogEntry wrong =
        new CatalogEntry(
            "tiny-vl-q4",
            "wrong",
            "qwen2_vl",
            null,
            CatalogSource.huggingFace(REPO, "main"),
            Map.of("decoder", "onnx/decoder_model_merged_q4f16.onnx"),
            List.of(),
            0,
            null);
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      DownloadException e =
          assertThrows(DownloadException.class, () -> d.install(wrong, root, listener).await());
      assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
      assertTrue(e.getMessage(), e.getMessage().contains("not in " + REPO));
    }
  }

  @Test
  public void describeHubPackage_readsFamilyAndPicksVariantFilesAcrossTreePages() throws Exception {
    hub.pageSize = 4;
    hub.addText("chat_template.json", "{}"); // republishes the tree in pages of 4
    try (ModelDownloader d = ModelDownloader.create(config().build())) {
      CatalogEntry e = d.describeHubPackage(REPO, "main", "vision=q8,embed=fp16,decoder=q4");
      assertEquals("qwen2_vl", e.family());
      assertEquals("onnx/vision_encoder_quantized.onnx", e.graphs().get("vision"));
      assertEquals("onnx/embed_tokens_fp16.onnx", e.graphs().get("embed"));
      assertEquals("onnx/decoder_model_merged_q4.onnx", e.graphs().get("decoder"));
      assertTrue(e.files().stream().anyMatch(f -> f.path().equals("chat_template.json")));
      assertEquals(DownloadState.INSTALLED, d.install(e, root, listener).await());
      DownloadException bad =
          assertThrows(DownloadException.class, () -> d.describeHubPackage(REPO, "main", "q4f16"));
      assertEquals(DownloadException.Reason.INVALID_INPUT, bad.reason());
      assertTrue(bad.getMessage(), bad.getMessage().contains("try another variant"));
    }
  }
}
