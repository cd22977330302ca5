package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Merges manifests, compiles and links resources with aapt2 and generates the {@code R} classes.
 *
 * <p>Two links share resource ids ({@code --emit-ids}/{@code --stable-ids}): the app's, which goes
 * into the APK, and the tests', which adds test-only libraries (e.g. the activity that Compose UI
 * tests host) for Robolectric. Ids compiled into the app's classes are therefore valid in both.
 */
@Mojo(
    name = "resources",
    defaultPhase = LifecyclePhase.GENERATE_SOURCES,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class AndroidResourcesMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Parameter(required = true)
  private String applicationId;

  @Parameter(required = true)
  private int minSdk;

  @Parameter(required = true)
  private int targetSdk;

  @Parameter(defaultValue = "1")
  private int versionCode;

  @Parameter(defaultValue = "${project.version}")
  private String versionName;

  @Parameter(defaultValue = "${project.basedir}/src/main/AndroidManifest.xml")
  private java.io.File manifestFile;

  @Parameter(defaultValue = "${project.basedir}/src/main/res")
  private java.io.File resourceDirFile;

  @Parameter(defaultValue = "${project.basedir}/src/main/assets")
  private java.io.File assetsDirFile;

  @Parameter(defaultValue = "aapt2", property = "android.aapt2")
  private String aapt2;

  /**
   * The platform whose resource table aapt2 links against, when it differs from the compile
   * platform: Debian's aapt2 cannot read the resource tables of API 35+ platform jars, and
   * framework resource ids are stable, so an older platform's table links the same app.
   */
  @Parameter private java.io.File linkPlatformJar;

  /** Set for release builds (see the apk goal); debug builds are marked debuggable. */
  @Parameter(property = "lumen.release.keystore")
  private java.io.File releaseKeystore;

  @Parameter(defaultValue = "org.robolectric")
  private String platformGroupId;

  @Parameter(defaultValue = "android-all")
  private String platformArtifactId;

  @Override
  public void execute() throws MojoExecutionException {
    try {
      build();
    } catch (IOException e) {
      throw new MojoExecutionException("Android resources: " + e.getMessage(), e);
    }
  }

  private void build() throws IOException, MojoExecutionException {
    Path manifest = manifestFile.toPath();
    Path resourceDir = resourceDirFile.toPath();
    BuildLayout out = new BuildLayout(project);
    Path platform =
        linkPlatformJar != null
            ? linkPlatformJar.toPath()
            : Tools.platformJar(project, platformGroupId, platformArtifactId);
    List<Library> libraries = AndroidLibraries.of(project);
    List<Library> mainLibraries = libraries.stream().filter(l -> !l.testOnly()).toList();

    ManifestMerging merging =
        new ManifestMerging(applicationId, minSdk, targetSdk, versionCode, versionName);
    merging.merge(manifest, mainLibraries, out.mainManifest());
    merging.merge(manifest, libraries, out.testManifest());

    Aapt2 tool = new Aapt2(aapt2, project.getBasedir().toPath(), getLog());
    Files.createDirectories(out.compiledResources());
    for (Library lib : libraries) {
      if (lib.hasResources()) {
        tool.compileOnce(lib, out.compiledResources());
      }
    }
    Path appCompiled = out.compiledResources().resolve("app.zip");
    Files.deleteIfExists(appCompiled);
    if (Files.isDirectory(resourceDir)) {
      tool.run(Aapt2LinkArguments.compile(resourceDir, appCompiled));
    }
    Path appArchive = Files.exists(appCompiled) ? appCompiled : null;
    Path assets = MergedAssets.merge(libraries, assetsDirFile.toPath(), out.assets());
    Aapt2LinkArguments arguments =
        new Aapt2LinkArguments(
            platform, applicationId, minSdk, targetSdk, versionCode, versionName);

    deleteTree(out.generatedR());
    Files.createDirectories(out.generatedR());
    tool.run(
        arguments.link(
            out.mainManifest(),
            Aapt2LinkArguments.resourceArchives(mainLibraries, out.compiledResources(), appArchive),
            mainLibraries,
            assets,
            out.resourceApk(),
            out.generatedR(),
            Aapt2LinkArguments.appOptions(
                out.resourceIds(), out.aapt2Rules(), releaseKeystore == null)));
    project.addCompileSourceRoot(out.generatedR().toString());

    Path testR = out.dir().resolve("r-test");
    deleteTree(testR);
    Files.createDirectories(testR);
    tool.run(
        arguments.link(
            out.testManifest(),
            Aapt2LinkArguments.resourceArchives(libraries, out.compiledResources(), appArchive),
            libraries,
            assets,
            out.testResourceApk(),
            testR,
            Aapt2LinkArguments.testOptions(out.resourceIds())));
    Set<String> mainPackages = new LinkedHashSet<>();
    for (Library lib : mainLibraries) {
      mainPackages.add(lib.packageName());
    }
    TestOnlyRClasses.copy(testR, mainPackages, out.generatedTestR());
    project.addTestCompileSourceRoot(out.generatedTestR().toString());

    RobolectricConfig.write(
        RobolectricConfig.of(
            out.testManifest(),
            resourceDir,
            assets != null ? assets : out.assets(),
            out.testResourceApk(),
            applicationId),
        Path.of(project.getBuild().getTestOutputDirectory()));
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
