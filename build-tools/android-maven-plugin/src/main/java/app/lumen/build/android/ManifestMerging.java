package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import com.android.manifmerger.Merger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;

/** Merges the app's manifest with its libraries' manifests, as the Android Gradle plugin does. */
final class ManifestMerging {
  private final String applicationId;
  private final int minSdk;
  private final int targetSdk;
  private final int versionCode;
  private final String versionName;

  ManifestMerging(
      String applicationId, int minSdk, int targetSdk, int versionCode, String versionName) {
    this.applicationId = applicationId;
    this.minSdk = minSdk;
    this.targetSdk = targetSdk;
    this.versionCode = versionCode;
    this.versionName = versionName;
  }

  void merge(Path main, List<Library> libraries, Path out)
      throws IOException, MojoExecutionException {
    Files.createDirectories(out.getParent());
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--main", main.toString()));
    String libs =
        libraries.stream()
            .map(Library::manifest)
            .filter(Files::exists)
            .map(Path::toString)
            .collect(Collectors.joining(java.io.File.pathSeparator));
    if (!libs.isEmpty()) {
      args.addAll(List.of("--libs", libs));
    }
    // The merger rejects <uses-sdk> and versions in the main manifest: they come from the build.
    args.addAll(
        List.of(
            "--property", "min_sdk_version=" + minSdk,
            "--property", "target_sdk_version=" + targetSdk,
            "--property", "version_code=" + versionCode,
            "--property", "version_name=" + versionName,
            "--placeholder", "applicationId=" + applicationId,
            "--out", out.toString()));
    int code = new Merger().process(args.toArray(String[]::new));
    if (code != 0 || !Files.exists(out)) {
      throw new MojoExecutionException("manifest merge failed for " + main + " (see log above)");
    }
  }
}
