package app.lumen.build.android;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AlignedZipWriterTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void storedEntries_startAtTheirAlignment_whateverPrecedesThem() throws Exception {
    Path file = tmp.newFile("x.apk").toPath();
    Random random = new Random(7);
    byte[] odd = new byte[1237];
    random.nextBytes(odd);
    byte[] lib = new byte[40_000];
    random.nextBytes(lib);
    try (AlignedZipWriter w = new AlignedZipWriter(file)) {
      w.deflated("classes.dex", odd);
      w.stored("resources.arsc", odd, AlignedZipWriter.alignmentFor("resources.arsc"));
      w.stored("lib/arm64-v8a/libone.so", lib, AlignedZipWriter.alignmentFor("libone.so"));
      w.stored("a/b", odd, 4);
      w.stored(
          "lib/arm64-v8a/libtwo-with-a-longer-name.so", odd, AlignedZipWriter.alignmentFor(".so"));
    }
    try (ZipFile zip = new ZipFile(file.toFile());
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      for (String name : List.of("resources.arsc", "a/b")) {
        assertEquals(name, 0, ApkCheck.dataOffset(raf, zip, zip.getEntry(name)) % 4);
      }
      for (String name :
          List.of("lib/arm64-v8a/libone.so", "lib/arm64-v8a/libtwo-with-a-longer-name.so")) {
        long offset = ApkCheck.dataOffset(raf, zip, zip.getEntry(name));
        assertEquals(name + " at " + offset, 0, offset % 16384);
      }
      ZipEntry so = zip.getEntry("lib/arm64-v8a/libone.so");
      assertEquals(ZipEntry.STORED, so.getMethod());
      assertArrayEquals(lib, zip.getInputStream(so).readAllBytes());
      assertArrayEquals(odd, zip.getInputStream(zip.getEntry("classes.dex")).readAllBytes());
    }
  }

  @Test
  public void check_reportsMisalignedLibraryAndDesktopNatives() throws Exception {
    File file = tmp.newFile("bad.apk");
    try (AlignedZipWriter w = new AlignedZipWriter(file.toPath())) {
      w.deflated("AndroidManifest.xml", new byte[] {1});
      w.deflated("classes.dex", new byte[] {1});
      w.stored("lib/arm64-v8a/libx.so", new byte[100], 4); // wrong alignment on purpose
      w.deflated("ai/onnxruntime/native/linux-x64/libonnxruntime.so", new byte[10]);
    }
    List<String> problems = ApkCheck.problems(file, 29, List.of("arm64-v8a"), true);
    assertTrue(
        problems.toString(),
        problems.stream().anyMatch(p -> p.startsWith("lib/arm64-v8a/libx.so: stored at offset")));
    assertTrue(
        problems.toString(),
        problems.stream()
            .anyMatch(
                p ->
                    p.startsWith(
                        "ai/onnxruntime/native/linux-x64/libonnxruntime.so: native code outside")));
    assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("signature:")));
  }

  @Test
  public void requiredEntries_missingFromTheApk_areNamed() throws Exception {
    File file = tmp.newFile("app.apk");
    try (AlignedZipWriter w = new AlignedZipWriter(file.toPath())) {
      w.deflated("classes.dex", new byte[] {1});
      w.deflated("lumen-build.properties", new byte[] {1});
    }
    assertEquals(
        List.of(), ApkCheck.missingEntries(file, List.of("lumen-build.properties", "classes.dex")));
    assertEquals(
        List.of("other.properties missing (the app reads it at run time)"),
        ApkCheck.missingEntries(file, List.of("lumen-build.properties", "other.properties")));
  }
}
