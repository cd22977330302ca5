package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;

/**
 * Packages the instrumented tests ({@code src/androidTest}) into a test APK, as Gradle's {@code
 * assembleDebugAndroidTest} does: {@code target/<finalName>-debug-androidTest.apk}, package {@code
 * <applicationId>.test}, instrumenting the app with the runner, signed with the app's debug key.
 *
 * <p>The tests run inside the app's process, next to the app's classes, so the test APK carries
 * only what the app lacks: the compiled tests and their test-only libraries, minus every class the
 * app's APK already defines (a class in both fails at run time). Release builds get no test APK:
 * tests instrument debug builds, as Gradle's default {@code testBuildType}.
 */
@Mojo(
    name = "test-apk",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class TestApkMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  private RepositorySystemSession repositorySession;

  @Component private RepositorySystem repositorySystem;

  @Parameter(required = true)
  private String applicationId;

  /** The test APK's package; {@code <applicationId>.test} when unset. */
  @Parameter private String testApplicationId;

  @Parameter(defaultValue = "androidx.test.runner.AndroidJUnitRunner")
  private String instrumentationRunner;

  /**
   * The test libraries the instrumented tests run with ({@code groupId:artifactId}, test
   * dependencies); their runtime dependencies among the test dependencies come along.
   */
  @Parameter(required = true)
  private List<String> androidTestLibraries;

  @Parameter(defaultValue = "${project.build.directory}/android-test-classes")
  private File androidTestClasses;

  @Parameter(required = true)
  private int minSdk;

  @Parameter(required = true)
  private int targetSdk;

  @Parameter(defaultValue = "1")
  private int versionCode;

  @Parameter(defaultValue = "${project.version}")
  private String versionName;

  @Parameter(defaultValue = "aapt2", property = "android.aapt2")
  private String aapt2;

  /** The platform whose resource table aapt2 links against (see the resources goal). */
  @Parameter private File linkPlatformJar;

  @Parameter(defaultValue = "org.robolectric")
  private String platformGroupId;

  @Parameter(defaultValue = "android-all")
  private String platformArtifactId;

  @Parameter(defaultValue = "${project.build.finalName}")
  private String finalName;

  @Parameter(defaultValue = "${user.home}/.cache/lumen-android/dex", property = "android.dexCache")
  private File dexCache;

  @Parameter(defaultValue = "2048", property = "android.dexCacheMaxMb")
  private long dexCacheMaxMb;

  @Parameter(defaultValue = "${user.home}/.android/lumen-debug.keystore")
  private File debugKeystore;

  @Parameter(property = "lumen.release.keystore")
  private File releaseKeystore;

  /** With {@code -Dmaven.test.skip} the instrumented tests are not compiled. */
  @Parameter(property = "maven.test.skip", defaultValue = "false")
  private boolean testsNotCompiled;

  @Override
  public void execute() throws MojoExecutionException {
    if (releaseKeystore != null) {
      getLog().info("No test APK for a release build: instrumented tests run against debug builds");
      return;
    }
    if (testsNotCompiled) {
      getLog().info("No test APK: -Dmaven.test.skip leaves the instrumented tests uncompiled");
      return;
    }
    long start = System.nanoTime();
    File appApk = new File(project.getBuild().getDirectory(), finalName + "-debug.apk");
    if (!appApk.isFile()) {
      throw new MojoExecutionException("no app APK " + appApk + " (the apk goal runs first)");
    }
    Path work = new BuildLayout(project).dir().resolve("test-apk");
    try {
      Files.createDirectories(work);
      Map<String, Artifact> libraries = testRuntimeLibraries();
      Set<String> appClasses = DexClasses.ofApk(appApk);
      Path tests = jarOf(androidTestClasses.toPath(), work.resolve("android-test-classes.jar"));
      List<Path> libraryJars = new ArrayList<>();
      for (Artifact a : libraries.values()) {
        libraryJars.add(
            AndroidLibraries.isAar(a)
                ? AndroidLibraries.classesJar(project, a)
                : a.getFile().toPath());
      }
      int leftOut = countClasses(libraryJars, appClasses);
      // The tests themselves stay whole: a test class that the app also has must fail the check.
      libraryJars =
          ClassFilter.exactly(appClasses).apply(libraryJars, work.resolve("filtered-jars"));

      List<Library> aars =
          AndroidLibraries.of(project).stream()
              .filter(l -> libraries.containsValue(l.artifact()))
              .toList();
      Path resources = linkResources(aars, work);

      Path platform = Tools.platformJar(project, platformGroupId, platformArtifactId);
      DexCache cache = new DexCache(dexCache.toPath(), dexCacheMaxMb * 1024 * 1024);
      try (Dexer dexer = new Dexer(cache, platform, minSdk, false)) {
        dexer.dex(tests, libraryJars, work.resolve("dex"));
      }
      cache.prune();

      Path unsigned = work.resolve("unsigned.apk");
      List<Path> javaResources = new ArrayList<>();
      javaResources.add(tests);
      javaResources.addAll(libraryJars);
      TestApkWriter.write(unsigned, resources, work.resolve("dex"), javaResources);
      File apk = testApk(project, finalName);
      ApkSigning.debugKey(debugKeystore.toPath()).sign(unsigned.toFile(), apk, minSdk);
      long testOnly = project.getArtifacts().stream().filter(AndroidLibraries::isTestOnly).count();
      getLog()
          .info(
              "Test APK: "
                  + apk
                  + " ("
                  + apk.length() / 1024
                  + " KiB, "
                  + DexClasses.ofApk(apk).size()
                  + " classes): the tests and "
                  + libraries.size()
                  + " test libraries "
                  + libraries.keySet()
                  + "; left out: the other "
                  + (testOnly - libraries.size())
                  + " test dependencies (JVM tests only) and "
                  + leftOut
                  + " library classes that the app's APK carries ("
                  + (System.nanoTime() - start) / 1_000_000
                  + " ms)");
    } catch (MojoExecutionException e) {
      throw e;
    } catch (Exception e) {
      throw new MojoExecutionException("test APK packaging failed: " + e, e);
    }
  }

  /** How many classes of the jars are among {@code classes}. */
  private static int countClasses(List<Path> jars, Set<String> classes) throws IOException {
    ClassFilter named = ClassFilter.exactly(classes);
    int count = 0;
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        count += (int) zip.stream().filter(e -> named.excludes(e.getName())).count();
      }
    }
    return count;
  }

  static File testApk(MavenProject project, String finalName) {
    return new File(project.getBuild().getDirectory(), finalName + "-debug-androidTest.apk");
  }

  /** The test-only libraries that go into the test APK, by {@code groupId:artifactId}. */
  private Map<String, Artifact> testRuntimeLibraries() throws IOException {
    Map<String, Artifact> testOnly = new LinkedHashMap<>();
    for (Artifact a : project.getArtifacts()) {
      if (AndroidLibraries.isTestOnly(a)) {
        testOnly.put(a.getGroupId() + ":" + a.getArtifactId(), a);
      }
    }
    Map<String, Artifact> chosen = new LinkedHashMap<>();
    for (String name :
        TestRuntimeLibraries.of(
            androidTestLibraries, testOnly.keySet(), name -> pomDependencies(testOnly.get(name)))) {
      chosen.put(name, testOnly.get(name));
    }
    return chosen;
  }

  /** A library's runtime dependencies as its POM declares them (Maven resolves the POM). */
  private List<String> pomDependencies(Artifact a) throws IOException {
    ArtifactDescriptorRequest request =
        new ArtifactDescriptorRequest(
            new DefaultArtifact(a.getGroupId(), a.getArtifactId(), "pom", a.getVersion()),
            project.getRemoteProjectRepositories(),
            null);
    try {
      return repositorySystem
          .readArtifactDescriptor(repositorySession, request)
          .getDependencies()
          .stream()
          .filter(d -> !d.isOptional())
          .filter(d -> Set.of("", "compile", "runtime").contains(d.getScope()))
          .map(d -> d.getArtifact().getGroupId() + ":" + d.getArtifact().getArtifactId())
          .toList();
    } catch (ArtifactDescriptorException e) {
      throw new IOException("cannot read the POM of " + a + ": " + e.getMessage(), e);
    }
  }

  /**
   * The merged manifest and the test libraries' resources (androidx.test's activities name their
   * themes), linked by aapt2. The libraries' classes use none of their resources by id, so no R
   * classes are generated.
   */
  private Path linkResources(List<Library> aars, Path work)
      throws IOException, MojoExecutionException {
    String testPackage = testApplicationId != null ? testApplicationId : applicationId + ".test";
    Path generated = work.resolve("AndroidManifest-generated.xml");
    Files.writeString(
        generated, TestManifest.xml(testPackage, applicationId, instrumentationRunner));
    Path manifest = work.resolve("AndroidManifest.xml");
    new ManifestMerging(testPackage, minSdk, targetSdk, versionCode, versionName)
        .merge(generated, aars, manifest);

    BuildLayout out = new BuildLayout(project);
    Path platform =
        linkPlatformJar != null
            ? linkPlatformJar.toPath()
            : Tools.platformJar(project, platformGroupId, platformArtifactId);
    Path linked = work.resolve("resources.ap_");
    Aapt2 tool = new Aapt2(aapt2, work, getLog());
    Files.createDirectories(out.compiledResources());
    for (Library lib : aars) {
      if (lib.hasResources()) {
        // The resources goal compiles every library under the same name; reuse its output.
        tool.compileOnce(lib, out.compiledResources());
      }
    }
    tool.run(
        new Aapt2LinkArguments(platform, testPackage, minSdk, targetSdk, versionCode, versionName)
            .link(
                manifest,
                Aapt2LinkArguments.resourceArchives(aars, out.compiledResources(), null),
                List.of(),
                null,
                linked,
                null,
                // Debian's aapt2 predates <queries> (androidx.test's runner declares some).
                List.of("--warn-manifest-validation", "--debug-mode")));
    return linked;
  }

  /**
   * The compiled tests (classes and any resources) as a jar for d8, byte-identical when unchanged.
   */
  static Path jarOf(Path dir, Path jar) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no compiled instrumented tests in " + dir);
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
        e.setTime(AlignedZipWriter.FIXED_TIME);
        zip.putNextEntry(e);
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }
}
