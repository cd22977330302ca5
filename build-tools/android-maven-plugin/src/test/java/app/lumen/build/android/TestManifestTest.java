package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.AndroidLibraries.Library;
import app.lumen.build.android.TestApkCheck.Instrumentation;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The test APK's manifest: generated as Gradle does, merged with a test library's manifest that
 * declares an activity (as androidx.test:core's does), linked by aapt2 and read back.
 */
public class TestManifestTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String RUNNER = "androidx.test.runner.AndroidJUnitRunner";

  @Test
  public void merged_declaresTheInstrumentation_levels_andTheLibrariesActivities()
      throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path core = tmp.newFolder("core").toPath();
    Files.writeString(
        core.resolve("AndroidManifest.xml"),
        "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\""
            + " package=\"androidx.test.core\"><uses-sdk android:minSdkVersion=\"21\"/>"
            + "<application><activity android:name=\"androidx.test.core.app.EmptyActivity\""
            + " android:exported=\"true\"/></application></manifest>");
    Library library =
        new Library(
            new DefaultArtifact(
                "androidx.test", "core", "1.7.0", "test", "aar", "", new DefaultArtifactHandler()),
            core,
            true);
    Path generated =
        Files.writeString(
            dir.resolve("generated.xml"), TestManifest.xml("app.lumen.test", "app.lumen", RUNNER));
    Path merged = dir.resolve("AndroidManifest.xml");
    new ManifestMerging("app.lumen.test", 29, 35, 1, "0.1.0")
        .merge(generated, List.of(library), merged);

    String text = Files.readString(merged);
    assertTrue(text, text.contains("android:minSdkVersion=\"29\""));
    assertTrue(text, text.contains("android:targetSdkVersion=\"35\""));
    assertTrue(text, text.contains("<uses-library android:name=\"android.test.runner\""));
    assertTrue(text, text.contains("android:name=\"androidx.test.core.app.EmptyActivity\""));

    Path linked = TestInputs.link(merged, dir.resolve("linked.ap_"));
    assertEquals(
        List.of(new Instrumentation("app.lumen.test", RUNNER, "app.lumen")),
        TestApkCheck.instrumentations(
            ByteBuffer.wrap(TestInputs.entry(linked, "AndroidManifest.xml"))));
  }
}
