package app.lumen.build.android;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;

/** The manifest merger refused the app's and its libraries' manifests. */
final class ManifestMergeException extends MojoExecutionException {
  /** A library ({@code groupId:artifactId:version}) and its unpacked manifest. */
  record LibraryManifest(String coordinates, Path manifest) {
    @Override
    public String toString() {
      return "library " + coordinates + " (" + manifest + ")";
    }
  }

  /**
   * One error of the merger.
   *
   * @param file the manifest the error is about, or null when the merger does not say
   * @param libraries the libraries the error involves
   * @param message the merger's own words; it names files without their folders
   */
  record Problem(Path file, List<LibraryManifest> libraries, String message) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(file != null ? file.toString() : "manifest");
      for (LibraryManifest library : libraries) {
        s.append(", ").append(library);
      }
      return s.append(": ").append(message).toString();
    }
  }

  private final transient List<Problem> problems;

  ManifestMergeException(Path main, List<Problem> problems) {
    super(describe(main, problems));
    this.problems = List.copyOf(problems);
  }

  List<Problem> problems() {
    return problems;
  }

  private static String describe(Path main, List<Problem> problems) {
    StringBuilder s = new StringBuilder("cannot merge the libraries' manifests into " + main);
    for (Problem p : problems) {
      s.append("\n  ").append(p);
    }
    return s.toString();
  }
}
