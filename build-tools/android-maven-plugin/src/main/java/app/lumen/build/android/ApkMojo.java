package app.lumen.build.android;

import com.android.tools.r8.CompilationFailedException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Packages the APK: linked resources, dex, native libraries of AARs and Java resources of jars,
 * aligned and signed, as {@code target/<finalName>-debug.apk} (d8, {@link Dexer}) or {@code
 * -release.apk} (shrunk by R8, {@link Shrinker}).
 */
@Mojo(
    name = "apk",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public class ApkMojo extends AbstractMojo {
  /**
   * Java resources never packaged: signatures and jar metadata, multi-release and module classes,
   * Kotlin metadata for other platforms, and desktop native libraries (the ONNX Runtime JVM jar
   * carries Linux/macOS/Windows binaries that cannot run on a phone).
   */
  static final Pattern EXCLUDED_JAVA_RESOURCE =
      Pattern.compile(
          "(?i)(.*\\.class|META-INF/MANIFEST\\.MF|META-INF/[^/]*\\.(SF|RSA|DSA|EC)|META-INF/versions/.*"
              + "|META-INF/maven/.*|.*module-info\\.class|.*\\.knm|.*\\.(so|dll|dylib|jnilib)"
              + "|ai/onnxruntime/native/.*|META-INF/INDEX\\.LIST|.*/)");

  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Parameter(required = true)
  private int minSdk;

  @Parameter(defaultValue = "org.robolectric")
  private String platformGroupId;

  @Parameter(defaultValue = "android-all")
  private String platformArtifactId;

  @Parameter(defaultValue = "${project.build.finalName}")
  private String finalName;

  @Parameter(defaultValue = "${user.home}/.cache/lumen-android/dex", property = "android.dexCache")
  private File dexCache;

  /** The dex cache's size bound; the least recently used entries go first. */
  @Parameter(defaultValue = "2048", property = "android.dexCacheMaxMb")
  private long dexCacheMaxMb;

  /**
   * The ABIs whose native libraries go into the APK, comma-separated. Every AAR that has native
   * code must have it for each of them.
   */
  @Parameter(defaultValue = "arm64-v8a,x86_64", property = "lumen.abis")
  private String abis;

  /** Internal-name prefixes of classes left out of the APK (see {@link ClassFilter}). */
  @Parameter private List<String> excludedClasses = List.of();

  @Parameter(defaultValue = "${user.home}/.android/lumen-debug.keystore")
  private File debugKeystore;

  /** A release key: when set, the APK is a release build signed with it. */
  @Parameter(property = "lumen.release.keystore")
  private File releaseKeystore;

  @Parameter(property = "lumen.release.keyAlias")
  private String releaseKeyAlias;

  /**
   * A properties file with {@code storePassword} and {@code keyPassword} (see {@link
   * ReleaseCredentials}).
   */
  @Parameter(property = "lumen.release.passwordFile")
  private File releasePasswordFile;

  /**
   * The app's own keep rules for R8 (release builds), besides those of its libraries and aapt2's.
   */
  @Parameter(defaultValue = "${project.basedir}/proguard-rules.pro")
  private File keepRules;

  @Parameter(defaultValue = "${session}", readonly = true)
  private MavenSession session;

  @Component private SettingsDecrypter settingsDecrypter;

  @Override
  public void execute() throws MojoExecutionException {
    BuildLayout out = new BuildLayout(project);
    boolean release = releaseKeystore != null;
    try {
      // Credentials first: a release build with a wrong setup fails before minutes of dexing.
      ApkSigning signing = signing(release);
      Path platform = Tools.platformJar(project, platformGroupId, platformArtifactId);
      List<Path> jars =
          new ClassFilter(excludedClasses)
              .apply(AndroidLibraries.runtimeJars(project), out.dir().resolve("filtered-jars"));
      Path appClasses = jarOf(Path.of(project.getBuild().getOutputDirectory()), out);
      Map<String, byte[]> javaResources =
          release ? shrink(platform, appClasses, jars, out) : dex(platform, appClasses, jars, out);
      Path unsigned = out.dir().resolve("unsigned.apk");
      writeApk(unsigned, out, javaResources, NativeLibraries.abis(abis));
      File apk =
          new File(
              project.getBuild().getDirectory(),
              finalName + (release ? "-release" : "-debug") + ".apk");
      signing.sign(unsigned.toFile(), apk, minSdk);
      getLog().info("APK: " + apk + " (" + apk.length() / 1024 + " KiB)");
    } catch (MojoExecutionException e) {
      throw e;
    } catch (Exception e) {
      throw new MojoExecutionException("APK packaging failed: " + e, e);
    }
  }

  private ApkSigning signing(boolean release) throws MojoExecutionException {
    if (!release) {
      return ApkSigning.debugKey(debugKeystore.toPath());
    }
    if (releaseKeyAlias == null) {
      throw new MojoExecutionException("release signing needs -Dlumen.release.keyAlias");
    }
    ReleaseCredentials credentials =
        ReleaseCredentials.read(
            releasePasswordFile != null ? releasePasswordFile.toPath() : null,
            releaseServer(),
            session.getUserProperties());
    return new ApkSigning(
        releaseKeystore.toPath(),
        credentials.storePassword,
        releaseKeyAlias,
        credentials.keyPassword);
  }

  /** The {@code lumen-release} server of settings.xml, decrypted, or null. */
  private ReleaseCredentials.Server releaseServer() throws MojoExecutionException {
    Server server = session.getSettings().getServer(ReleaseCredentials.SERVER_ID);
    if (server == null) {
      return null;
    }
    SettingsDecryptionResult result =
        settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    if (!result.getProblems().isEmpty()) {
      throw new MojoExecutionException(
          "cannot decrypt the settings.xml server " + ReleaseCredentials.SERVER_ID);
    }
    Server decrypted = result.getServer();
    return new ReleaseCredentials.Server(decrypted.getPassword(), decrypted.getPassphrase());
  }

  /** Debug builds: d8 with cached per-jar dex; Java resources straight from the jars. */
  private Map<String, byte[]> dex(Path platform, Path appClasses, List<Path> jars, BuildLayout out)
      throws IOException, CompilationFailedException {
    DexCache cache = new DexCache(dexCache.toPath(), dexCacheMaxMb * 1024 * 1024);
    try (Dexer dexer = new Dexer(cache, platform, minSdk, false)) {
      dexer.dex(appClasses, jars, out.dex());
    }
    cache.prune();
    Map<String, byte[]> resources = new TreeMap<>();
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (ZipEntry e : list(zip)) {
          if (!EXCLUDED_JAVA_RESOURCE.matcher(e.getName()).matches()
              && !resources.containsKey(e.getName())) {
            resources.put(e.getName(), read(zip, e));
          }
        }
      }
    }
    return resources;
  }

  /** Release builds: R8 over everything; Java resources as R8 rewrote them. */
  private Map<String, byte[]> shrink(
      Path platform, Path appClasses, List<Path> jars, BuildLayout out)
      throws IOException, CompilationFailedException {
    List<Path> program = new ArrayList<>();
    program.add(appClasses);
    program.addAll(jars);
    List<Path> rules =
        ShrinkRules.files(AndroidLibraries.of(project), out.aapt2Rules(), keepRules.toPath());
    getLog().info("R8 rules: " + rules.size() + " files");
    for (Path r : rules) {
      getLog().debug("  " + r);
    }
    for (String embedded : ShrinkRules.embedded(program)) {
      getLog().debug("  embedded: " + embedded);
    }
    Shrinker.Result result =
        new Shrinker(platform, minSdk)
            .shrink(program, rules, out.dex(), out.mapping(), out.r8Configuration());
    result.warnings().forEach(w -> getLog().warn("R8: " + w));
    getLog()
        .info(
            "R8: "
                + result.time().toMillis() / 1000.0
                + " s, dex "
                + dexBytes(out.dex()) / 1024
                + " KiB; mapping "
                + out.mapping()
                + ", rules applied "
                + out.r8Configuration());
    return result.javaResources();
  }

  private static long dexBytes(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".dex")).toList()) {
        total += Files.size(f);
      }
    }
    return total;
  }

  /** d8 and R8 take jars, not folders: pack the compiled classes. */
  private static Path jarOf(Path classes, BuildLayout out) throws IOException {
    Path jar = out.dir().resolve("app-classes.jar");
    Files.createDirectories(jar.getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }

  private void writeApk(
      Path apk, BuildLayout out, Map<String, byte[]> javaResources, List<String> abiList)
      throws IOException, MojoExecutionException {
    Set<String> names = new HashSet<>();
    try (AlignedZipWriter writer = new AlignedZipWriter(apk)) {
      // Manifest and resources exactly as aapt2 linked them (it decides what stays uncompressed).
      try (ZipFile resources = new ZipFile(out.resourceApk().toFile())) {
        for (ZipEntry e : list(resources)) {
          byte[] data = read(resources, e);
          names.add(e.getName());
          if (e.getMethod() == ZipEntry.STORED) {
            writer.stored(e.getName(), data, AlignedZipWriter.DEFAULT_ALIGNMENT);
          } else {
            writer.deflated(e.getName(), data);
          }
        }
      }
      try (Stream<Path> dex = Files.list(out.dex())) {
        for (Path d : dex.filter(p -> p.toString().endsWith(".dex")).sorted().toList()) {
          names.add(d.getFileName().toString());
          writer.deflated(d.getFileName().toString(), Files.readAllBytes(d));
        }
      }
      for (NativeLibraries.Entry so : NativeLibraries.of(AndroidLibraries.of(project), abiList)) {
        if (names.add(so.apkPath())) {
          // Stored and page-aligned: loaded straight from the APK (extractNativeLibs="false").
          writer.stored(
              so.apkPath(),
              Files.readAllBytes(so.file()),
              AlignedZipWriter.NATIVE_LIBRARY_ALIGNMENT);
        }
      }
      // The app's own Java resources (e.g. lumen-build.properties), then the libraries'.
      Path ownResources = Path.of(project.getBuild().getOutputDirectory());
      try (Stream<Path> files = Files.walk(ownResources)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = ownResources.relativize(f).toString().replace('\\', '/');
          if (!EXCLUDED_JAVA_RESOURCE.matcher(name).matches() && names.add(name)) {
            writer.deflated(name, Files.readAllBytes(f));
          }
        }
      }
      for (Map.Entry<String, byte[]> e : javaResources.entrySet()) {
        if (!EXCLUDED_JAVA_RESOURCE.matcher(e.getKey()).matches() && names.add(e.getKey())) {
          writer.deflated(e.getKey(), e.getValue());
        }
      }
    }
  }

  private static List<ZipEntry> list(ZipFile zip) {
    List<ZipEntry> entries = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      entries.add(en.nextElement());
    }
    return entries;
  }

  private static byte[] read(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }
}
