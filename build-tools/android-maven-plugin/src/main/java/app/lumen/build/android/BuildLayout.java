package app.lumen.build.android;

import java.nio.file.Path;
import org.apache.maven.project.MavenProject;

/** Where the Android build keeps its intermediate and final outputs inside {@code target/}. */
record BuildLayout(Path target) {
  BuildLayout(MavenProject project) {
    this(Path.of(project.getBuild().getDirectory()));
  }

  Path dir() {
    return target.resolve("android");
  }

  Path mainManifest() {
    return dir().resolve("AndroidManifest.xml");
  }

  Path testManifest() {
    return dir().resolve("test/AndroidManifest.xml");
  }

  Path compiledResources() {
    return dir().resolve("compiled-res");
  }

  Path assets() {
    return dir().resolve("assets");
  }

  Path resourceApk() {
    return dir().resolve("resources.ap_");
  }

  Path testResourceApk() {
    return dir().resolve("resources-test.ap_");
  }

  Path resourceIds() {
    return dir().resolve("resource-ids.txt");
  }

  Path generatedR() {
    return target.resolve("generated-sources/r");
  }

  Path generatedTestR() {
    return target.resolve("generated-test-sources/r");
  }

  Path dex() {
    return dir().resolve("dex");
  }

  /** Keep rules aapt2 writes for the classes the manifest and layouts name. */
  Path aapt2Rules() {
    return dir().resolve("aapt2-rules.pro");
  }

  /** R8's map from shrunk names to the original ones (release builds). */
  Path mapping() {
    return dir().resolve("mapping.txt");
  }

  /** Every rule R8 applied in a release build, with the file each came from. */
  Path r8Configuration() {
    return dir().resolve("r8-configuration.txt");
  }
}
