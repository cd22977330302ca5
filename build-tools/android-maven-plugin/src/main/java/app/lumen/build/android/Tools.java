package app.lumen.build.android;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

/** Small shared helpers: running external tools and finding the platform jar. */
final class Tools {
  private Tools() {}

  /** Runs a command, failing the build with its output when it exits non-zero. */
  static String run(List<String> command, Path workDir) throws MojoExecutionException {
    try {
      Process p =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      if (code != 0) {
        throw new MojoExecutionException(
            String.join(" ", command.subList(0, Math.min(2, command.size())))
                + " failed ("
                + code
                + "):\n"
                + output);
      }
      return output;
    } catch (IOException e) {
      throw new MojoExecutionException(
          "cannot run "
              + command.get(0)
              + " ("
              + e.getMessage()
              + "); install it: apt-get install -y aapt",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted", e);
    }
  }

  /** The Android platform jar (classes and resources.arsc) compiled against, e.g. android-all. */
  static Path platformJar(MavenProject project, String groupId, String artifactId)
      throws MojoExecutionException {
    for (Artifact a : project.getArtifacts()) {
      if (a.getGroupId().equals(groupId) && a.getArtifactId().equals(artifactId)) {
        return a.getFile().toPath();
      }
    }
    throw new MojoExecutionException(
        "the platform jar " + groupId + ":" + artifactId + " is not a dependency of the project");
  }
}
