package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.AndroidLibraries.Library;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An AAR's {@code jni/<abi>/*.so} become the APK's {@code lib/<abi>/*.so}, for chosen ABIs. */
public class NativeLibrariesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Library aar(String name, boolean testOnly, String... files) throws Exception {
    Path dir = tmp.newFolder(name).toPath();
    for (String f : files) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {1});
    }
    var artifact =
        new DefaultArtifact(
            "g", name, "1", "compile", "aar", null, new DefaultArtifactHandler("aar"));
    return new Library(artifact, dir, testOnly);
  }

  @Test
  public void chosenAbis_only_mainLibraries_only() throws Exception {
    Library ort =
        aar(
            "ort",
            false,
            "jni/arm64-v8a/libonnxruntime.so",
            "jni/arm64-v8a/libonnxruntime4j_jni.so",
            "jni/x86_64/libonnxruntime.so",
            "jni/armeabi-v7a/libonnxruntime.so",
            "jni/arm64-v8a/README.txt");
    Library testOnly = aar("test", true, "jni/arm64-v8a/libtest.so");
    Library noNatives = aar("plain", false, "classes.jar");
    List<NativeLibraries.Entry> entries =
        NativeLibraries.of(List.of(ort, testOnly, noNatives), List.of("arm64-v8a", "x86_64"));
    assertEquals(
        List.of(
            "lib/arm64-v8a/libonnxruntime.so",
            "lib/arm64-v8a/libonnxruntime4j_jni.so",
            "lib/x86_64/libonnxruntime.so"),
        entries.stream().map(NativeLibraries.Entry::apkPath).toList());
  }

  @Test
  public void libraryWithoutAChosenAbi_failsTheBuild() throws Exception {
    Library armOnly = aar("arm", false, "jni/arm64-v8a/libx.so");
    MojoExecutionException e =
        assertThrows(
            MojoExecutionException.class,
            () -> NativeLibraries.of(List.of(armOnly), List.of("arm64-v8a", "x86_64")));
    assertTrue(e.getMessage(), e.getMessage().contains("none for x86_64"));
  }

  @Test
  public void abiList_isParsedAndChecked() throws Exception {
    assertEquals(List.of("arm64-v8a", "x86_64"), NativeLibraries.abis(" arm64-v8a, x86_64 ,"));
    assertThrows(MojoExecutionException.class, () -> NativeLibraries.abis("arm64"));
    assertThrows(MojoExecutionException.class, () -> NativeLibraries.abis(""));
  }
}
