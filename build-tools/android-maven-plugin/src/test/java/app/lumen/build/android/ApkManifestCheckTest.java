package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The install-time flags of a real manifest, compiled by aapt2: debuggable exactly in debug builds,
 * and native libraries loaded from the APK rather than extracted.
 */
public class ApkManifestCheckTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String MANIFEST =
      "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"app.demo\">"
          + "<application %s/></manifest>";

  private Path apk(String applicationAttributes, boolean debugMode) throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path manifest =
        Files.writeString(
            dir.resolve("AndroidManifest.xml"), MANIFEST.formatted(applicationAttributes));
    Path linked =
        debugMode
            ? TestInputs.link(manifest, dir.resolve("linked.apk"), "--debug-mode")
            : TestInputs.link(manifest, dir.resolve("linked.apk"));
    Path unsigned = dir.resolve("unsigned.apk");
    try (AlignedZipWriter w = new AlignedZipWriter(unsigned);
        ZipFile z = new ZipFile(linked.toFile())) {
      w.deflated(
          "AndroidManifest.xml",
          z.getInputStream(z.getEntry("AndroidManifest.xml")).readAllBytes());
      w.deflated("classes.dex", new byte[] {1});
      w.stored(
          "lib/arm64-v8a/libx.so", new byte[] {1, 2, 3}, AlignedZipWriter.NATIVE_LIBRARY_ALIGNMENT);
    }
    Path signed = dir.resolve("app.apk");
    ApkSigning.debugKey(dir.resolve("debug.keystore")).sign(unsigned.toFile(), signed.toFile(), 29);
    return signed;
  }

  @Test
  public void debugBuild_debuggable_nativesNotExtracted_passes() throws Exception {
    Path apk = apk("android:extractNativeLibs=\"false\"", true);
    assertEquals(List.of(), ApkCheck.problems(apk.toFile(), 29, List.of("arm64-v8a"), true));
  }

  @Test
  public void releaseBuild_thatIsDebuggable_fails() throws Exception {
    Path apk = apk("android:extractNativeLibs=\"false\"", true);
    assertEquals(
        List.of("AndroidManifest.xml: android:debuggable should be false in a release build"),
        ApkCheck.problems(apk.toFile(), 29, List.of("arm64-v8a"), false));
  }

  @Test
  public void debugBuild_notDebuggable_fails() throws Exception {
    Path apk = apk("android:extractNativeLibs=\"false\"", false);
    assertEquals(
        List.of("AndroidManifest.xml: android:debuggable should be true in a debug build"),
        ApkCheck.problems(apk.toFile(), 29, List.of("arm64-v8a"), true));
  }

  @Test
  public void nativesExtractedOnInstall_fail() throws Exception {
    List<String> problems =
        ApkCheck.problems(apk("", true).toFile(), 29, List.of("arm64-v8a"), true);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0), problems.get(0).contains("extractNativeLibs must be false"));
  }

  @Test
  public void nativesForOtherAbisThanChosen_fail() throws Exception {
    Path apk = apk("android:extractNativeLibs=\"false\"", true);
    assertEquals(
        List.of("native libraries for [arm64-v8a], expected [arm64-v8a, x86_64]"),
        ApkCheck.problems(apk.toFile(), 29, List.of("arm64-v8a", "x86_64"), true));
  }
}
