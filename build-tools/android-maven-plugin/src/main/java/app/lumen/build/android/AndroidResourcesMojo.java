package app.lumen.build.android;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
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

    Files.createDirectories(out.compiledResources());
    List<Path> compiled = new ArrayList<>();
    for (Library lib : libraries) {
      if (lib.hasResources()) {
        compiled.add(compileLibrary(lib, out));
      }
    }
    Path appCompiled = out.compiledResources().resolve("app.zip");
    Files.deleteIfExists(appCompiled);
    if (Files.isDirectory(resourceDir)) {
      aapt2(List.of("compile", "--dir", resourceDir.toString(), "-o", appCompiled.toString()));
    }
    Path assets = mergeAssets(libraries, out.assets());

    List<Path> mainCompiled = new ArrayList<>();
    List<Path> testCompiled = new ArrayList<>();
    for (int i = 0, c = 0; i < libraries.size(); i++) {
      if (libraries.get(i).hasResources()) {
        Path z = compiled.get(c++);
        testCompiled.add(z);
        if (!libraries.get(i).testOnly()) {
          mainCompiled.add(z);
        }
      }
    }
    if (Files.exists(appCompiled)) {
      mainCompiled.add(appCompiled);
      testCompiled.add(appCompiled);
    }

    deleteTree(out.generatedR());
    link(
        platform,
        out.mainManifest(),
        mainCompiled,
        packagesOf(mainLibraries),
        assets,
        out.resourceApk(),
        out.generatedR(),
        mainLinkOptions(out));
    project.addCompileSourceRoot(out.generatedR().toString());

    Path testR = out.dir().resolve("r-test");
    deleteTree(testR);
    link(
        platform,
        out.testManifest(),
        testCompiled,
        packagesOf(libraries),
        assets,
        out.testResourceApk(),
        testR,
        List.of("--stable-ids", out.resourceIds().toString(), "--warn-manifest-validation"));
    copyTestOnlyR(testR, mainLibraries, out.generatedTestR());
    project.addTestCompileSourceRoot(out.generatedTestR().toString());

    writeRobolectricConfig(out, assets);
  }

  private List<String> mainLinkOptions(BuildLayout out) {
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--emit-ids", out.resourceIds().toString()));
    // Keep rules for the classes the manifest and layouts name (R8 in release builds).
    options.addAll(List.of("--proguard", out.aapt2Rules().toString()));
    // Debian's aapt2 predates manifest elements such as <queries> and <property>; the platform
    // checks the manifest at install time, so validation problems are warnings here.
    options.add("--warn-manifest-validation");
    if (releaseKeystore == null) {
      // android:debuggable="true": run-as and debuggers work on debug builds only.
      options.add("--debug-mode");
    }
    return options;
  }

  private Path compileLibrary(Library lib, BuildLayout out)
      throws IOException, MojoExecutionException {
    Path target = out.compiledResources().resolve(lib.key() + ".zip");
    if (!Files.exists(target)) {
      Path tmp = out.compiledResources().resolve(lib.key() + ".zip.tmp");
      aapt2(List.of("compile", "--dir", lib.res().toString(), "-o", tmp.toString()));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private void link(
      Path platform,
      Path manifestFile,
      List<Path> compiled,
      Set<String> extraPackages,
      Path assets,
      Path output,
      Path javaDir,
      List<String> extra)
      throws MojoExecutionException, IOException {
    Files.createDirectories(javaDir);
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "link",
            "-I",
            platform.toString(),
            "--manifest",
            manifestFile.toString(),
            "-o",
            output.toString(),
            "--java",
            javaDir.toString(),
            "--auto-add-overlay",
            "--min-sdk-version",
            String.valueOf(minSdk),
            "--target-sdk-version",
            String.valueOf(targetSdk),
            "--version-code",
            String.valueOf(versionCode),
            "--version-name",
            versionName));
    extraPackages.remove(applicationId);
    if (!extraPackages.isEmpty()) {
      cmd.add("--extra-packages");
      cmd.add(String.join(":", extraPackages));
    }
    if (assets != null) {
      cmd.add("-A");
      cmd.add(assets.toString());
    }
    cmd.addAll(extra);
    for (Path z : compiled) {
      cmd.add("-R");
      cmd.add(z.toString());
    }
    aapt2(cmd);
  }

  private static Set<String> packagesOf(List<Library> libraries) throws IOException {
    Set<String> packages = new LinkedHashSet<>();
    for (Library lib : libraries) {
      packages.add(lib.packageName());
    }
    return packages;
  }

  /** Test-only libraries' R classes go to test sources; the app's own R is already compiled. */
  private static void copyTestOnlyR(Path testR, List<Library> mainLibraries, Path target)
      throws IOException {
    deleteTree(target);
    Files.createDirectories(target);
    Set<String> mainPackages = packagesOf(mainLibraries);
    try (Stream<Path> files = Files.walk(testR)) {
      for (Path r : files.filter(p -> p.getFileName().toString().equals("R.java")).toList()) {
        String pkg = testR.relativize(r.getParent()).toString().replace('/', '.');
        if (mainPackages.contains(pkg)) {
          continue;
        }
        Path dest = target.resolve(testR.relativize(r));
        Files.createDirectories(dest.getParent());
        Files.copy(r, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private Path mergeAssets(List<Library> libraries, Path target) throws IOException {
    deleteTree(target);
    boolean any = false;
    List<Path> sources = new ArrayList<>();
    for (Library lib : libraries) {
      if (!lib.testOnly()) {
        sources.add(lib.assets());
      }
    }
    sources.add(assetsDirFile.toPath());
    for (Path source : sources) {
      if (!Files.isDirectory(source)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(source)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path dest = target.resolve(source.relativize(f).toString());
          Files.createDirectories(dest.getParent());
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
          any = true;
        }
      }
    }
    return any ? target : null;
  }

  private void writeRobolectricConfig(BuildLayout out, Path assets) throws IOException {
    Properties p = new Properties();
    p.setProperty("android_merged_manifest", out.testManifest().toString());
    p.setProperty("android_merged_resources", resourceDirFile.toString());
    p.setProperty("android_merged_assets", (assets != null ? assets : out.assets()).toString());
    p.setProperty("android_resource_apk", out.testResourceApk().toString());
    p.setProperty("android_custom_package", applicationId);
    Path file =
        Path.of(
            project.getBuild().getTestOutputDirectory(),
            "com/android/tools/test_config.properties");
    Files.createDirectories(file.getParent());
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, "Robolectric: where the build put the merged manifest and resources");
    }
  }

  private void aapt2(List<String> args) throws MojoExecutionException {
    List<String> cmd = new ArrayList<>();
    cmd.add(aapt2);
    cmd.addAll(args);
    String output = Tools.run(cmd, project.getBasedir().toPath());
    for (String line : output.split("\n")) {
      // Debian's aapt2 does not know a newer chunk type in the platform's resources; harmless.
      if (!line.isBlank() && !line.contains("Unknown chunk type")) {
        getLog().warn("aapt2: " + line);
      }
    }
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
