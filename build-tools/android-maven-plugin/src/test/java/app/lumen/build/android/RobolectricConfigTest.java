package app.lumen.build.android;

import static org.junit.Assert.assertEquals;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code test_config.properties}: the keys Robolectric 4.x reads and where it looks for the file.
 */
public class RobolectricConfigTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void writtenWhereRobolectricLooks_withExactlyItsKeys() throws Exception {
    Path classes = tmp.newFolder("test-classes").toPath();
    Path file =
        RobolectricConfig.write(
            RobolectricConfig.of(
                Path.of("/app/target/android/test/AndroidManifest.xml"),
                Path.of("/app/src/main/res"),
                Path.of("/app/target/android/assets"),
                Path.of("/app/target/android/resources-test.ap_"),
                "app.demo"),
            classes);

    assertEquals(classes.resolve("com/android/tools/test_config.properties"), file);
    Properties read = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      read.load(r);
    }
    assertEquals(
        Map.of(
            "android_merged_manifest", "/app/target/android/test/AndroidManifest.xml",
            "android_merged_resources", "/app/src/main/res",
            "android_merged_assets", "/app/target/android/assets",
            "android_resource_apk", "/app/target/android/resources-test.ap_",
            "android_custom_package", "app.demo"),
        Map.copyOf(read));
  }
}
