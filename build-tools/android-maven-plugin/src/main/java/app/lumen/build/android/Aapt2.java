package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/** Runs aapt2 (see {@link Aapt2LinkArguments} for what it is given), its remarks as warnings. */
final class Aapt2 {
  private final String executable;
  private final Path workDir;
  private final Log log;

  Aapt2(String executable, Path workDir, Log log) {
    this.executable = executable;
    this.workDir = workDir;
    this.log = log;
  }

  void run(List<String> args) throws MojoExecutionException {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable);
    cmd.addAll(args);
    for (String line : Tools.run(cmd, workDir).split("\n")) {
      // Debian's aapt2 does not know a newer chunk type in the platform's resources; harmless.
      if (!line.isBlank() && !line.contains("Unknown chunk type")) {
        log.warn("aapt2: " + line);
      }
    }
  }

  /**
   * Compiles a library's resources into {@code compiledDir}, once per library version: the app's
   * and the test APK's builds share the archive.
   */
  Path compileOnce(Library lib, Path compiledDir) throws IOException, MojoExecutionException {
    Path target = Aapt2LinkArguments.compiledArchive(compiledDir, lib);
    if (!Files.exists(target)) {
      // A half-written archive never takes the name.
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      run(Aapt2LinkArguments.compile(lib.res(), tmp));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
