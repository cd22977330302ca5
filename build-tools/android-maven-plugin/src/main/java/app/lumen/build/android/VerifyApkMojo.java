package app.lumen.build.android;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** Fails the build when the packaged APK is unsigned, misaligned or carries desktop natives. */
@Mojo(name = "verify-apk", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyApkMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Parameter(required = true)
  private int minSdk;

  @Parameter(defaultValue = "${project.build.finalName}")
  private String finalName;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    File dir = new File(project.getBuild().getDirectory());
    File[] apks = dir.listFiles((d, n) -> n.startsWith(finalName) && n.endsWith(".apk"));
    if (apks == null || apks.length == 0) {
      throw new MojoFailureException("no APK named " + finalName + "-*.apk in " + dir);
    }
    for (File apk : apks) {
      try {
        List<String> problems = ApkCheck.problems(apk, minSdk);
        if (!problems.isEmpty()) {
          throw new MojoFailureException(apk.getName() + ":\n  " + String.join("\n  ", problems));
        }
        getLog().info(apk.getName() + ": signed, aligned, no desktop natives");
      } catch (java.io.IOException e) {
        throw new MojoExecutionException("cannot read " + apk + ": " + e.getMessage(), e);
      }
    }
  }
}
