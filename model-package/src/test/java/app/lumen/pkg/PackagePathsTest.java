package app.lumen.pkg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PackagePathsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path pkg;
  private Path outside;

  @Before
  public void setUp() throws Exception {
    pkg = tmp.newFolder("pkg").toPath();
    outside = tmp.newFolder("outside").toPath();
    Files.write(outside.resolve("secret.txt"), new byte[] {1});
  }

  @Test
  public void resolve_plainNestedPath_staysInsideFolder() throws Exception {
    Path p = PackagePaths.resolve(pkg, "onnx/decoder_model_merged_q4.onnx");
    assertEquals(pkg.toAbsolutePath().resolve("onnx").resolve("decoder_model_merged_q4.onnx"), p);
    assertEquals(
        pkg.toAbsolutePath().resolve("tokenizer.json"),
        PackagePaths.resolve(pkg, "tokenizer.json"));
  }

  @Test
  public void resolve_rejectsEveryMalformedOrEscapingPath() {
    String[] bad = {
      "",
      "../outside/secret.txt",
      "onnx/../../secret",
      "onnx/..",
      "./config.json",
      "onnx/./x",
      "/etc/passwd",
      "onnx\\..\\x",
      "C:/Windows/x",
      "c:x",
      "onnx//x",
      "onnx/",
      "a\u0000b",
      "a\nb",
      "file.onnx:stream",
    };
    for (String path : bad) {
      UnsafePathException e =
          assertThrows(path, UnsafePathException.class, () -> PackagePaths.resolve(pkg, path));
      assertEquals(path, e.path());
      assertTrue(e.getMessage(), e.getMessage().startsWith("unsafe path "));
    }
    assertThrows(UnsafePathException.class, () -> PackagePaths.resolve(pkg, null));
  }

  @Test
  public void resolve_fileSymlinkLeadingOutside_isRefused() throws Exception {
    Files.createSymbolicLink(pkg.resolve("config.json"), outside.resolve("secret.txt"));
    UnsafePathException e =
        assertThrows(UnsafePathException.class, () -> PackagePaths.resolve(pkg, "config.json"));
    assertTrue(e.getMessage(), e.getMessage().contains("outside"));
  }

  @Test
  public void resolve_folderSymlinkLeadingOutside_isRefusedEvenForNewFiles() throws Exception {
    Files.createSymbolicLink(pkg.resolve("onnx"), outside);
    assertThrows(UnsafePathException.class, () -> PackagePaths.resolve(pkg, "onnx/new.onnx"));
    assertThrows(UnsafePathException.class, () -> PackagePaths.resolve(pkg, "onnx/secret.txt"));
  }

  @Test
  public void resolve_danglingSymlink_isRefused() throws Exception {
    Files.createSymbolicLink(pkg.resolve("config.json"), outside.resolve("not-there"));
    assertThrows(UnsafePathException.class, () -> PackagePaths.resolve(pkg, "config.json"));
  }

  @Test
  public void resolve_symlinkWithinFolder_isAllowed() throws Exception {
    Files.createDirectories(pkg.resolve("onnx"));
    Files.write(pkg.resolve("onnx/real.onnx"), new byte[] {1});
    Files.createSymbolicLink(pkg.resolve("alias.onnx"), pkg.resolve("onnx/real.onnx"));
    assertEquals(
        pkg.toAbsolutePath().resolve("alias.onnx"), PackagePaths.resolve(pkg, "alias.onnx"));
  }

  @Test
  public void resolve_packageFolderItselfASymlink_isAllowed() throws Exception {
    Path link = tmp.getRoot().toPath().resolve("link-to-pkg");
    Files.createSymbolicLink(link, pkg);
    Files.write(pkg.resolve("config.json"), new byte[] {1});
    assertEquals(
        link.toAbsolutePath().resolve("config.json"), PackagePaths.resolve(link, "config.json"));
  }
}
