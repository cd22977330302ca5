package app.lumen.build.android;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code com/android/tools/test_config.properties}, which Robolectric reads from the test classpath
 * to find the merged manifest and the linked resources, as the Android Gradle plugin writes it.
 */
final class RobolectricConfig {
  /** Where on the test classpath Robolectric looks for the file. */
  static final String PATH = "com/android/tools/test_config.properties";

  private RobolectricConfig() {}

  /**
   * The properties, with exactly the keys Robolectric reads.
   *
   * @param manifest the merged manifest of the tests (with test-only libraries' components)
   * @param resourceApk the tests' aapt2 link output, whose resources Robolectric loads
   * @param packageName the package of the app's R class
   */
  static Properties of(
      Path manifest, Path resources, Path assets, Path resourceApk, String packageName) {
    Properties p = new Properties();
    p.setProperty("android_merged_manifest", manifest.toString());
    p.setProperty("android_merged_resources", resources.toString());
    p.setProperty("android_merged_assets", assets.toString());
    p.setProperty("android_resource_apk", resourceApk.toString());
    p.setProperty("android_custom_package", packageName);
    return p;
  }

  /** Writes {@code config} under {@code testClasses}. */
  static Path write(Properties config, Path testClasses) throws IOException {
    Path file = testClasses.resolve(PATH);
    Files.createDirectories(file.getParent());
    try (var w = Files.newBufferedWriter(file)) {
      config.store(w, "Robolectric: where the build put the merged manifest and resources");
    }
    return file;
  }
}
