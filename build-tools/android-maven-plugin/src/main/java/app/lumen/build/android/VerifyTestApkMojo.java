package app.lumen.build.android;

import app.lumen.build.android.TestApkCheck.Instrumentation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Fails the build when the test APK could not instrument the app on a phone: what {@link ApkCheck}
 * checks for any APK (signature, alignment, debuggable), what {@link TestApkCheck} checks between
 * the two APKs, and the minimum API level of its dex ({@link MinSdkCheck}), with the app's classes
 * counted as present (the tests run in the app's process).
 */
@Mojo(
    name = "verify-test-apk",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class VerifyTestApkMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Parameter(required = true)
  private String applicationId;

  @Parameter private String testApplicationId;

  @Parameter(defaultValue = "androidx.test.runner.AndroidJUnitRunner")
  private String instrumentationRunner;

  @Parameter(defaultValue = "${project.build.directory}/android-test-classes")
  private File androidTestClasses;

  @Parameter(required = true)
  private int minSdk;

  @Parameter(defaultValue = "${project.build.finalName}")
  private String finalName;

  @Parameter(property = "lumen.release.keystore")
  private File releaseKeystore;

  /** With {@code -Dmaven.test.skip} the instrumented tests are not compiled. */
  @Parameter(property = "maven.test.skip", defaultValue = "false")
  private boolean testsNotCompiled;

  @Parameter(required = true)
  private File minSdkPlatformJar;

  @Parameter(required = true)
  private File javaApiSignature;

  @Parameter(required = true)
  private List<String> ownPackages;

  /**
   * Test library classes whose references to newer Java APIs are known never to run on Android (the
   * app's list, {@code allowedJavaLibraryUsers}, covers the app's libraries only).
   */
  @Parameter private List<String> allowedTestJavaLibraryUsers = List.of();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (releaseKeystore != null || testsNotCompiled) {
      return;
    }
    File apk = TestApkMojo.testApk(project, finalName);
    File appApk = new File(project.getBuild().getDirectory(), finalName + "-debug.apk");
    if (!apk.isFile() || !appApk.isFile()) {
      throw new MojoFailureException("no test APK " + apk + " or no app APK " + appApk);
    }
    long start = System.nanoTime();
    String testPackage = testApplicationId != null ? testApplicationId : applicationId + ".test";
    List<String> problems = new ArrayList<>();
    try {
      problems.addAll(ApkCheck.problems(apk, minSdk, List.of(), true));
      Set<String> appClasses = DexClasses.ofApk(appApk);
      problems.addAll(
          TestApkCheck.problems(
              apk,
              appApk,
              new Instrumentation(testPackage, instrumentationRunner, applicationId),
              testClasses(androidTestClasses.toPath()),
              appClasses));

      Path work = Path.of(project.getBuild().getDirectory(), "android", "verify-test");
      AndroidResourcesMojo.deleteTree(work);
      Files.createDirectories(work);
      Path javaApi = work.resolve("java-api.jar");
      JavaApiStubs.write(javaApiSignature.toPath(), minSdkPlatformJar.toPath(), javaApi);
      // The app's classes as the apk goal gave them to d8, and its libraries: present at run time
      // (the few classes the apk goal leaves out, such as desktop-only ones, count as present).
      List<Path> present = new ArrayList<>(List.of(javaApi));
      present.add(new BuildLayout(project).dir().resolve("app-classes.jar"));
      present.addAll(AndroidLibraries.runtimeJars(project));
      DexReferences references =
          DexReferences.trace(
              VerifyApkMojo.extract(apk, work, DexClasses::isDex),
              List.of(minSdkPlatformJar.toPath()),
              present);
      MinSdkCheck.Result minSdkResult =
          new MinSdkCheck(ownPackages, Set.copyOf(allowedTestJavaLibraryUsers))
              .check(references.missing());
      problems.addAll(minSdkResult.problems());
      problems.addAll(TestApkCheck.missingRClasses(references.missing()));
      getLog()
          .info(
              apk.getName()
                  + ": minSdk "
                  + minSdk
                  + ": "
                  + minSdkResult.problems().size()
                  + " problems; "
                  + minSdkResult.unverifiedLibraryReferences()
                  + " test library references to newer or optional APIs (not verifiable here)");
    } catch (IOException | com.android.tools.r8.CompilationFailedException e) {
      throw new MojoExecutionException("cannot check " + apk + ": " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw new MojoFailureException(apk.getName() + ":\n  " + String.join("\n  ", problems));
    }
    getLog()
        .info(
            apk.getName()
                + ": signed like the app, instruments "
                + applicationId
                + " with "
                + instrumentationRunner
                + ", no class in both APKs, loads at API "
                + minSdk
                + " ("
                + (System.nanoTime() - start) / 1_000_000
                + " ms)");
  }

  /** Internal names of the compiled instrumented tests. */
  static Set<String> testClasses(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = dir.relativize(f).toString().replace('\\', '/');
        names.add(name.substring(0, name.length() - ".class".length()));
      }
    }
    return names;
  }
}
