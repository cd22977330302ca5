package app.lumen.download;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Deleting an installed package from the models folder. */
public class PackageRemovalTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private FakeHub hub;
  private Path root;

  @Before
  public void setUp() throws Exception {
    hub = TinyRepo.start();
    root = tmp.newFolder("models").toPath();
  }

  @After
  public void tearDown() {
    hub.close();
  }

  private Path pkg() {
    return root.resolve(TinyRepo.ID);
  }

  @Test
  public void uninstall_deletesThePackageAndLeavesItNotInstalled() throws Exception {
    Path neighbour = Files.writeString(root.resolve("other-model.txt"), "kept");
    try (ModelDownloader d = ModelDownloader.create(TinyRepo.config(hub).build())) {
      CatalogEntry entry = TinyRepo.entry(TinyRepo.ID);
      assertEquals(DownloadState.INSTALLED, d.install(entry, root, DownloadListener.NONE).await());
      assertTrue(Files.isRegularFile(pkg().resolve(PackageManifest.FILE_NAME)));

      d.uninstall(TinyRepo.ID, root);

      assertFalse(Files.exists(pkg()));
      assertEquals("kept", Files.readString(neighbour));
      assertEquals(UpdateCheck.Status.NOT_INSTALLED, d.checkForUpdate(entry, root).status());
      // and it installs again from scratch, verified
      assertEquals(DownloadState.INSTALLED, d.install(entry, root, DownloadListener.NONE).await());
    }
    assertEquals(
        List.of(),
        PackageVerifier.verify(pkg(), PackageManifest.read(pkg()), PackageVerifier.Mode.FULL));
  }

  @Test
  public void uninstall_whileAnUpdateOrInstallRuns_isRefusedAsBusyAndDeletesNothing()
      throws Exception {
    hub.files.script(hub.cdnPath("onnx/decoder_model_merged_q4.onnx_data"), Fault.STALL);
    // One file at a time: while the stalled file holds the install, nothing else is written or
    // renamed, so the folder's content before and after the refused delete can be compared.
    try (ModelDownloader d =
        ModelDownloader.create(TinyRepo.config(hub).parallelFiles(1).build())) {
      DownloadTask install = d.install(TinyRepo.entry(TinyRepo.ID), root, DownloadListener.NONE);
      hub.files.awaitStall(install); // mid-file: files are being written into the folder
      List<Path> filesBefore = files(pkg());

      DownloadException e =
          assertThrows(DownloadException.class, () -> d.uninstall(TinyRepo.ID, root));

      assertEquals(DownloadException.Reason.BUSY, e.reason());
      assertEquals(filesBefore, files(pkg()));
      hub.files.releaseStalls();
      assertEquals(DownloadState.INSTALLED, install.await());
    }
  }

  @Test
  public void uninstall_ofAnIdLeavingTheModelsFolder_isRefusedAndTouchesNothingOutside()
      throws Exception {
    Path outside = Files.writeString(tmp.getRoot().toPath().resolve("precious"), "x");
    try (ModelDownloader d = ModelDownloader.create(TinyRepo.config(hub).build())) {
      DownloadException e =
          assertThrows(DownloadException.class, () -> d.uninstall("../precious", root));
      assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
    }
    assertTrue(Files.exists(outside));
  }

  @Test
  public void uninstall_ofAPackageThatIsNotThere_isNotAnError() throws Exception {
    try (ModelDownloader d = ModelDownloader.create(TinyRepo.config(hub).build())) {
      d.uninstall(TinyRepo.ID, root);
    }
    assertFalse(Files.exists(pkg()));
  }

  private static List<Path> files(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
