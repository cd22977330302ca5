package app.lumen.build.android;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Fails the build when the packaged APK would fail on a phone in ways no JVM test can see:
 *
 * <ul>
 *   <li>unsigned, misaligned, desktop natives, natives for other ABIs than chosen, wrong debuggable
 *       or extractNativeLibs flags ({@link ApkCheck});
 *   <li>dex references that the minimum API level lacks ({@link MinSdkCheck});
 *   <li>native methods without their JNI entry point in the shipped library ({@link JniCheck});
 *   <li>an API the app compiled against that the shipped classes lack ({@link SameApiCheck});
 *   <li>in release builds, a class or member that native code finds by name but R8 renamed or
 *       removed ({@link KeptNamesCheck}).
 * </ul>
 */
@Mojo(
    name = "verify-apk",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class VerifyApkMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Parameter(required = true)
  private int minSdk;

  @Parameter(defaultValue = "${project.build.finalName}")
  private String finalName;

  @Parameter(defaultValue = "arm64-v8a,x86_64", property = "lumen.abis")
  private String abis;

  @Parameter(property = "lumen.release.keystore")
  private File releaseKeystore;

  /** The {@code android-all} jar of the minimum API level: the framework a phone has. */
  @Parameter(required = true)
  private File minSdkPlatformJar;

  /** An animal-sniffer signature of the Java library at (or below) the minimum API level. */
  @Parameter(required = true)
  private File javaApiSignature;

  /** Internal-name prefixes of the app's own code, held to the minimum level everywhere. */
  @Parameter(required = true)
  private List<String> ownPackages;

  /** Entries the APK must contain, such as Java resources the app loads at run time. */
  @Parameter private List<String> requiredEntries = List.of();

  /** Library classes whose references to newer Java APIs are known never to run on Android. */
  @Parameter private List<String> allowedJavaLibraryUsers = List.of();

  /**
   * Class packages whose native methods must be found by name in a library, e.g. {@code
   * <ai.onnxruntime>libonnxruntime4j_jni.so</ai.onnxruntime>}.
   */
  @Parameter private Map<String, String> jniLibraries = Map.of();

  /** {@code groupId:artifactId} of the jar the code compiles and tests against. */
  @Parameter private String compiledApi;

  /** {@code groupId:artifactId} of the library whose classes the APK ships instead. */
  @Parameter private String shippedApi;

  /** Internal-name prefix of the API both must offer alike ({@code ai/onnxruntime/}). */
  @Parameter private String sameApiPackage;

  /**
   * {@code groupId:artifactId} of libraries that native code reaches by name: a release build must
   * carry every class, field and method of them under its original name and descriptor.
   */
  @Parameter private List<String> keptLibraries = List.of();

  /** Classes the apk goal left out on purpose (its {@code excludedClasses}); not expected here. */
  @Parameter private List<String> excludedClasses = List.of();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    boolean release = releaseKeystore != null;
    File apk =
        new File(
            project.getBuild().getDirectory(),
            finalName + (release ? "-release" : "-debug") + ".apk");
    if (!apk.isFile()) {
      throw new MojoFailureException("no APK " + apk);
    }
    List<String> abiList = NativeLibraries.abis(abis);
    List<String> problems = new ArrayList<>();
    try {
      problems.addAll(ApkCheck.problems(apk, minSdk, abiList, !release));
      problems.addAll(ApkCheck.missingEntries(apk, requiredEntries));
      BuildLayout layout = new BuildLayout(project);
      Path work = layout.dir().resolve("verify");
      AndroidResourcesMojo.deleteTree(work);
      Files.createDirectories(work);
      List<Path> dex = extract(apk, work, name -> name.matches("classes\\d*\\.dex"));

      Path javaApi = work.resolve("java-api.jar");
      JavaApiStubs.write(javaApiSignature.toPath(), minSdkPlatformJar.toPath(), javaApi);
      DexReferences references =
          DexReferences.trace(dex, List.of(minSdkPlatformJar.toPath()), List.of(javaApi));
      MinSdkCheck.Result minSdkResult =
          release
              ? MinSdkCheck.forShrunkDex(Set.copyOf(allowedJavaLibraryUsers))
                  .check(R8Mapping.read(layout.mapping()).original(references.missing()))
              : new MinSdkCheck(ownPackages, Set.copyOf(allowedJavaLibraryUsers))
                  .check(references.missing());
      problems.addAll(minSdkResult.problems());
      getLog()
          .info(
              "minSdk "
                  + minSdk
                  + ": "
                  + minSdkResult.problems().size()
                  + " problems; "
                  + minSdkResult.unverifiedLibraryReferences()
                  + " library references to newer or optional APIs (guarded at run time by the"
                  + " libraries, not verifiable here)"
                  + (release ? "; the app's own code is checked in debug builds" : ""));

      for (var e : jniLibraries.entrySet()) {
        String prefix = e.getKey().replace('.', '/') + "/";
        problems.addAll(
            JniCheck.problems(
                references.nativeMethods(),
                prefix,
                e.getValue(),
                exports(apk, abiList, e.getValue())));
      }
      if (compiledApi != null) {
        problems.addAll(sameApiProblems(javaApi));
      }
      if (release) {
        problems.addAll(keptNamesProblems(dex));
      }
    } catch (IOException | com.android.tools.r8.CompilationFailedException e) {
      throw new MojoExecutionException("cannot check " + apk + ": " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw new MojoFailureException(apk.getName() + ":\n  " + String.join("\n  ", problems));
    }
    getLog()
        .info(
            apk.getName()
                + ": signed, aligned, natives for "
                + abiList
                + ", loads at API "
                + minSdk
                + (jniLibraries.isEmpty() ? "" : ", JNI entry points present")
                + (compiledApi != null ? ", shipped API = compiled API" : "")
                + (release && !keptLibraries.isEmpty()
                    ? ", " + keptLibraries + " kept whole"
                    : ""));
  }

  private List<String> keptNamesProblems(List<Path> dex)
      throws MojoExecutionException, com.android.tools.r8.CompilationFailedException, IOException {
    List<String> problems = new ArrayList<>();
    for (String library : keptLibraries) {
      Path jar = AndroidLibraries.dependencyJar(project, library);
      if (jar == null) {
        throw new MojoExecutionException("keptLibrary " + library + " is not a dependency");
      }
      KeptNamesCheck.Result result =
          KeptNamesCheck.check(dex, jar, new ClassFilter(excludedClasses));
      getLog()
          .info(
              library
                  + ": "
                  + result.classes()
                  + " classes and "
                  + result.members()
                  + " fields and methods checked by name in the release dex, "
                  + result.problems().size()
                  + " missing");
      problems.addAll(result.problems());
    }
    return problems;
  }

  private List<String> sameApiProblems(Path javaApi)
      throws MojoExecutionException, com.android.tools.r8.CompilationFailedException, IOException {
    Path compiled = AndroidLibraries.dependencyJar(project, compiledApi);
    Path shipped = AndroidLibraries.dependencyJar(project, shippedApi);
    if (compiled == null || shipped == null) {
      throw new MojoExecutionException(
          "compiledApi " + compiledApi + " and shippedApi " + shippedApi + " must be dependencies");
    }
    List<Path> users = new ArrayList<>();
    // The app's own classes as the apk goal packed them for d8 (TraceReferences reads jars).
    users.add(new BuildLayout(project).dir().resolve("app-classes.jar"));
    for (Path jar : AndroidLibraries.runtimeJars(project)) {
      if (!jar.equals(shipped) && mentions(jar, sameApiPackage)) {
        users.add(jar);
      }
    }
    return SameApiCheck.problems(
        users, sameApiPackage, compiled, shipped, List.of(minSdkPlatformJar.toPath(), javaApi));
  }

  /** Whether any class of the jar names the package (cheap: its constant pool holds the name). */
  private static boolean mentions(Path jar, String packagePrefix) throws IOException {
    byte[] needle = packagePrefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (InputStream in = zip.getInputStream(e)) {
          if (contains(in.readAllBytes(), needle)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** For each ABI, the functions its copy of {@code library} exports (null when missing). */
  private static Map<String, Set<String>> exports(File apk, List<String> abis, String library)
      throws IOException {
    Map<String, Set<String>> exports = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(apk)) {
      for (String abi : abis) {
        ZipEntry e = zip.getEntry("lib/" + abi + "/" + library);
        if (e == null) {
          exports.put(abi, null);
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          exports.put(abi, ElfSymbols.exportedFunctions(in.readAllBytes()));
        } catch (IOException ex) {
          throw new IOException("lib/" + abi + "/" + library + ": " + ex.getMessage(), ex);
        }
      }
    }
    return exports;
  }

  static List<Path> extract(File apk, Path dir, java.util.function.Predicate<String> wanted)
      throws IOException {
    List<Path> out = new ArrayList<>();
    try (ZipFile zip = new ZipFile(apk)) {
      for (ZipEntry e : zip.stream().filter(e -> wanted.test(e.getName())).toList()) {
        Path file = dir.resolve(e.getName());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, file);
        }
        out.add(file);
      }
    }
    return out;
  }
}
