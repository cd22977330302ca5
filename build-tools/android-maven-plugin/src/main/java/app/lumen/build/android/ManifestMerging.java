package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import com.android.ide.common.blame.SourceFile;
import com.android.manifmerger.ManifestMerger2;
import com.android.manifmerger.ManifestSystemProperty;
import com.android.manifmerger.MergingReport;
import com.android.manifmerger.MergingReport.MergedManifestKind;
import com.android.utils.StdLogger;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Writes the merge of {@code main} and the manifests of {@code libraries} (those that have one)
   * to {@code out}.
   *
   * @throws ManifestMergeException when the merger reports errors, e.g. a conflict or a library
   *     that needs a higher minSdk; it names the files and libraries involved
   */
  void merge(Path main, List<Library> libraries, Path out)
      throws IOException, ManifestMergeException {
    Files.createDirectories(out.getParent());
    ManifestMerger2.Invoker invoker =
        ManifestMerger2.newMerger(
            main.toFile(),
            new StdLogger(StdLogger.Level.INFO),
            ManifestMerger2.MergeType.APPLICATION);
    List<Library> merged = new ArrayList<>();
    for (Library lib : libraries) {
      if (Files.exists(lib.manifest())) {
        // Named, the library's coordinates stand in the merger's messages instead of a bare
        // "AndroidManifest.xml".
        invoker.addLibraryManifest(lib.coordinates(), lib.manifest().toFile());
        merged.add(lib);
      }
    }
    // As for any app: without this, an element the app marks tools:node="remove" stays in the
    // output (marker and all) and aapt2, which only drops the tools: attributes, would keep it.
    invoker.withFeatures(ManifestMerger2.Invoker.Feature.REMOVE_TOOLS_DECLARATIONS);
    // The merger rejects <uses-sdk> and versions in the main manifest: they come from the build.
    invoker
        .setOverride(ManifestSystemProperty.UsesSdk.MIN_SDK_VERSION, String.valueOf(minSdk))
        .setOverride(ManifestSystemProperty.UsesSdk.TARGET_SDK_VERSION, String.valueOf(targetSdk))
        .setOverride(ManifestSystemProperty.Manifest.VERSION_CODE, String.valueOf(versionCode))
        .setOverride(ManifestSystemProperty.Manifest.VERSION_NAME, versionName)
        .setPlaceHolderValue("applicationId", applicationId);
    MergingReport report;
    try {
      report = invoker.merge();
    } catch (ManifestMerger2.MergeFailureException e) {
      throw new IOException("cannot merge the manifest " + main + ": " + e.getMessage(), e);
    }
    if (!report.getResult().isSuccess()) {
      throw new ManifestMergeException(main, errors(report, merged));
    }
    Files.writeString(
        out, report.getMergedDocument(MergedManifestKind.MERGED), StandardCharsets.UTF_8);
  }

  private static List<ManifestMergeException.Problem> errors(
      MergingReport report, List<Library> libraries) {
    List<ManifestMergeException.Problem> problems = new ArrayList<>();
    for (MergingReport.Record record : report.getLoggingRecords()) {
      if (record.getSeverity() != MergingReport.Record.Severity.ERROR) {
        continue;
      }
      SourceFile source = record.getSourceLocation().getFile();
      File file = source.getSourceFile();
      String message = record.getMessage();
      List<ManifestMergeException.LibraryManifest> named = new ArrayList<>();
      for (Library lib : libraries) {
        File manifest = lib.manifest().toFile();
        if (manifest.equals(file)
            || message.contains("[" + lib.coordinates() + "]")
            || message.contains(manifest.getPath())) {
          named.add(new ManifestMergeException.LibraryManifest(lib.coordinates(), lib.manifest()));
        }
      }
      problems.add(
          new ManifestMergeException.Problem(file != null ? file.toPath() : null, named, message));
    }
    return problems;
  }
}
