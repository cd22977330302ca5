package app.lumen.download;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An installed package whose repository changed upstream (a new {@code tokenizer.json}, a newly
 * published {@code chat_template.jinja}) is updated: only what changed is fetched, and the
 * installed version stays whole until the new one is verified and swapped in.
 */
public class PackageUpdateTest {
  private static final String TEMPLATE = "{% for m in messages %}{{ m.content }}{% endfor %}";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeHub hub;
  private Path root;
  private ModelDownloader downloader;
  private final RecordingListener listener = new RecordingListener();
  private final CatalogEntry entry = TinyRepo.entry(TinyRepo.ID);
  private final byte[] newTokenizer = TestData.bytes(50_000, 99);

  @Before
  public void setUp() throws Exception {
    hub = TinyRepo.start();
    root = tmp.newFolder("models").toPath();
    downloader = ModelDownloader.create(TinyRepo.config(hub).build());
    assertEquals(DownloadState.INSTALLED, downloader.install(entry, root, listener).await());
  }

  @After
  public void tearDown() {
    hub.files.releaseStalls();
    downloader.close();
    hub.close();
  }

  private Path pkg() {
    return root.resolve(TinyRepo.ID);
  }

  private void changeUpstream() {
    hub.add("tokenizer.json", newTokenizer, true);
    hub.addText("chat_template.jinja", TEMPLATE);
  }

  private static void assertWhole(Path dir) throws Exception {
    assertEquals(
        List.of(),
        PackageVerifier.verify(dir, PackageManifest.read(dir), PackageVerifier.Mode.FULL));
  }

  private List<String> rootEntries() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  public void checkForUpdate_namesChangedAndNewFiles() throws Exception {
    UpdateCheck before = downloader.checkForUpdate(entry, root);
    assertEquals(UpdateCheck.Status.UP_TO_DATE, before.status());
    assertFalse(before.updateAvailable());

    changeUpstream();
    UpdateCheck after = downloader.checkForUpdate(entry, root);
    assertEquals(UpdateCheck.Status.UPDATE_AVAILABLE, after.status());
    assertTrue(after.updateAvailable());
    assertEquals(List.of("tokenizer.json"), after.changedFiles());
    assertEquals(List.of("chat_template.jinja"), after.addedFiles());
    assertEquals(List.of(), after.removedFiles());
    assertEquals(newTokenizer.length + TEMPLATE.length(), after.downloadBytes());
  }

  @Test
  public void checkForUpdate_withoutAnInstall_saysNotInstalled() throws Exception {
    UpdateCheck c = downloader.checkForUpdate(TinyRepo.decoderOnly("elsewhere"), root);
    assertEquals(UpdateCheck.Status.NOT_INSTALLED, c.status());
    assertFalse(c.updateAvailable());
  }

  @Test
  public void install_afterUpstreamChange_fetchesOnlyTheChangedFilesAndSwapsThemIn()
      throws Exception {
    changeUpstream();
    int decoderRequests = hub.files.requestCount(hub.cdnPath("onnx/decoder_model_merged_q4.onnx"));
    int configRequests = hub.files.requestCount(hub.resolvePath("config.json"));

    assertEquals(DownloadState.INSTALLED, downloader.install(entry, root, listener).await());

    PackageManifest m = PackageManifest.read(pkg());
    assertEquals(TestData.sha256(newTokenizer), m.file("tokenizer.json").get().sha256());
    assertEquals(
        TestData.sha256(TEMPLATE.getBytes(StandardCharsets.UTF_8)),
        m.file("chat_template.jinja").get().sha256());
    assertWhole(pkg());
    assertArrayEquals(newTokenizer, Files.readAllBytes(pkg().resolve("tokenizer.json")));
    assertEquals(1, hub.files.requestCount(hub.cdnPath("tokenizer.json")));
    assertEquals(
        decoderRequests, hub.files.requestCount(hub.cdnPath("onnx/decoder_model_merged_q4.onnx")));
    assertEquals(configRequests, hub.files.requestCount(hub.resolvePath("config.json")));
    assertEquals(UpdateCheck.Status.UP_TO_DATE, downloader.checkForUpdate(entry, root).status());
    // Nothing staged is left behind: the package, its lock, nothing else.
    assertEquals(List.of("." + TinyRepo.ID + ".lock", TinyRepo.ID), rootEntries());
  }

  @Test
  public void update_keepsTheInstalledVersionWholeUntilTheNewOneIsVerified() throws Exception {
    byte[] oldTokenizer = Files.readAllBytes(pkg().resolve("tokenizer.json"));
    changeUpstream();
    hub.files.script(hub.cdnPath("tokenizer.json"), Fault.STALL);

    BytesLatch half = new BytesLatch("tokenizer.json", newTokenizer.length / 2);
    DownloadTask update = downloader.install(entry, root, half);
    hub.files.awaitStall(update);
    half.await(); // half of the new tokenizer is on disk, somewhere
    assertWhole(pkg());
    assertArrayEquals(oldTokenizer, Files.readAllBytes(pkg().resolve("tokenizer.json")));
    update.pause();
    assertEquals(DownloadState.PAUSED, update.await());
    assertWhole(pkg());
    assertFalse(PackageManifest.read(pkg()).file("chat_template.jinja").isPresent());

    // A new task resumes the staged half with a Range request.
    assertEquals(DownloadState.INSTALLED, downloader.install(entry, root, listener).await());
    List<String> ranges = hub.files.rangesFor(hub.cdnPath("tokenizer.json"));
    assertEquals("bytes=" + newTokenizer.length / 2 + "-", ranges.get(ranges.size() - 1));
    assertWhole(pkg());
    assertArrayEquals(newTokenizer, Files.readAllBytes(pkg().resolve("tokenizer.json")));
  }

  @Test
  public void cancelledUpdate_leavesTheInstalledVersionAndNoStagedFiles() throws Exception {
    changeUpstream();
    hub.files.script(hub.cdnPath("tokenizer.json"), Fault.STALL);
    DownloadTask update = downloader.install(entry, root, listener);
    hub.files.awaitStall(update);
    update.cancel();
    assertEquals(DownloadState.CANCELLED, update.await());
    assertWhole(pkg());
    assertEquals(List.of("." + TinyRepo.ID + ".lock", TinyRepo.ID), rootEntries());
  }

  @Test
  public void entryDroppingAFile_isAnUpdateThatDeletesIt() throws Exception {
    List<CatalogFile> files = new ArrayList<>(entry.files());
    files.removeIf(f -> f.path().equals("preprocessor_config.json"));
    CatalogEntry smaller =
        new CatalogEntry(
            entry.id(),
            entry.displayName(),
            entry.family(),
            entry.quantization(),
            entry.source(),
            entry.graphs(),
            files,
            entry.minRamMb(),
            entry.license());
    UpdateCheck c = downloader.checkForUpdate(smaller, root);
    assertEquals(UpdateCheck.Status.UPDATE_AVAILABLE, c.status());
    assertEquals(List.of("preprocessor_config.json"), c.removedFiles());
    assertEquals(0, c.downloadBytes());
    int requests = hub.files.requests.size();

    assertEquals(DownloadState.INSTALLED, downloader.install(smaller, root, listener).await());
    assertFalse(Files.exists(pkg().resolve("preprocessor_config.json")));
    assertFalse(PackageManifest.read(pkg()).file("preprocessor_config.json").isPresent());
    assertWhole(pkg());
    assertEquals("only the tree was read", requests + 1, hub.files.requests.size());
  }

  @Test
  public void update_refetchesAnUnchangedFileWhoseBytesNoLongerMatch() throws Exception {
    changeUpstream();
    Path data = pkg().resolve("onnx/embed_tokens_fp16.onnx_data");
    byte[] damaged = Files.readAllBytes(data);
    damaged[100] ^= 1; // same size: only its digest tells
    Files.write(data, damaged);
    String cdn = hub.cdnPath("onnx/embed_tokens_fp16.onnx_data");
    int before = hub.files.requestCount(cdn);

    assertEquals(DownloadState.INSTALLED, downloader.install(entry, root, listener).await());
    assertEquals(before + 1, hub.files.requestCount(cdn));
    assertWhole(pkg());
  }
}
