package app.lumen.build.android;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Real inputs for the plugin's tests: platform jars, ONNX Runtime builds, freshly compiled code.
 */
final class TestInputs {
  private TestInputs() {}

  /** The jar a class file on the test classpath comes from. */
  static Path jarOf(String classFile) {
    URL url = ClassLoader.getSystemResource(classFile);
    if (url == null || !url.getProtocol().equals("jar")) {
      throw new IllegalStateException(classFile + " is not in a jar on the test classpath");
    }
    String path = url.getPath();
    try {
      return Path.of(new URL(path.substring(0, path.indexOf("!/"))).toURI());
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code android-all} of API 29, the minimum level. */
  static Path minSdkPlatform() {
    return jarOf("android/app/Activity.class");
  }

  /** ONNX Runtime's desktop jar (classes plus Linux/macOS/Windows natives). */
  static Path onnxRuntimeJvmJar() {
    return jarOf("ai/onnxruntime/OrtSession.class");
  }

  /**
   * ONNX Runtime's Android library as the setup script installs it; tests that need it are skipped
   * only where the setup was not run (it always runs before the test command).
   */
  static Path onnxRuntimeAar() {
    String version = System.getProperty("lumen.onnxruntimeVersion");
    Path aar =
        Path.of(
            System.getProperty("lumen.mavenRepo"),
            "com/microsoft/onnxruntime/onnxruntime-android",
            version,
            "onnxruntime-android-" + version + ".aar");
    assumeTrue("run scripts/setup-tools.sh first: " + aar, Files.exists(aar));
    return aar;
  }

  /** Stubs of the Java library at API 26 (see {@link JavaApiStubs}), written into {@code dir}. */
  static Path javaApi(Path dir) throws IOException {
    Path signature =
        Path.of(
            System.getProperty("lumen.mavenRepo"),
            "com/toasttab/android/gummy-bears-api-26/0.15.0/gummy-bears-api-26-0.15.0.signature");
    Path jar = dir.resolve("java-api.jar");
    JavaApiStubs.write(signature, minSdkPlatform(), jar);
    return jar;
  }

  /**
   * Links a manifest with aapt2 against the minimum level's platform into {@code linked}, with
   * {@code --min-sdk-version 29}, as the build does; {@code extra} options follow.
   */
  static Path link(Path manifest, Path linked, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "aapt2",
                "link",
                "-I",
                minSdkPlatform().toString(),
                "--manifest",
                manifest.toString(),
                "-o",
                linked.toString(),
                "--min-sdk-version",
                "29"));
    cmd.addAll(List.of(extra));
    Tools.run(cmd, linked.getParent());
    return linked;
  }

  static byte[] entry(Path zip, String name) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      ZipEntry e = z.getEntry(name);
      if (e == null) {
        throw new IOException(zip + " has no " + name);
      }
      try (InputStream in = z.getInputStream(e)) {
        return in.readAllBytes();
      }
    }
  }

  /**
   * R8 as a release build runs it (minSdk 29, the API 29 platform), into {@code work/dex}, with the
   * rules of {@code aars}, aapt2's (none: no manifest here) and {@code appRules}; the mapping and
   * the applied rules go to {@code work/mapping.txt} and {@code work/r8-configuration.txt}.
   */
  static Shrinker.Result shrink(
      Path work, List<Path> program, List<AndroidLibraries.Library> aars, String appRules)
      throws Exception {
    Files.createDirectories(work);
    Path aapt2Rules = Files.writeString(work.resolve("aapt2-rules.pro"), "# no components\n");
    Path rules = Files.writeString(work.resolve("app-rules.pro"), appRules);
    return new Shrinker(minSdkPlatform(), 29)
        .shrink(
            program,
            ShrinkRules.files(aars, aapt2Rules, rules),
            work.resolve("dex"),
            work.resolve("mapping.txt"),
            work.resolve("r8-configuration.txt"));
  }

  /**
   * An unpacked AAR {@code lumen.test:<artifactId>:1.0} in {@code dir}, with {@code files} (path in
   * the AAR → text), e.g. its manifest and resources.
   */
  static AndroidLibraries.Library aar(
      Path dir, String artifactId, boolean testOnly, Map<String, String> files) throws IOException {
    for (var f : files.entrySet()) {
      Path file = dir.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
    var artifact =
        new org.apache.maven.artifact.DefaultArtifact(
            "lumen.test",
            artifactId,
            "1.0",
            testOnly ? "test" : "compile",
            "aar",
            null,
            new org.apache.maven.artifact.handler.DefaultArtifactHandler("aar"));
    return new AndroidLibraries.Library(artifact, dir, testOnly);
  }

  /** The dex files in a folder. */
  static List<Path> dexFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".dex")).sorted().toList();
    }
  }

  /** The app's own R8 rules ({@code app/proguard-rules.pro}), as release builds apply them. */
  static Path appKeepRules() {
    return Path.of(System.getProperty("lumen.appKeepRules"));
  }

  /** A copy of {@code jar} with only its class files (no natives, no metadata). */
  static Path classesOnly(Path jar, Path target) throws IOException {
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (ZipEntry e : in.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        out.putNextEntry(new ZipEntry(e.getName()));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return target;
  }

  /** Adds text entries (name → content) to a jar, e.g. embedded keep rules. */
  static Path addEntries(Path jar, Map<String, String> entries) throws IOException {
    Path copy = jar.resolveSibling(jar.getFileName() + ".tmp");
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (ZipEntry e : in.stream().toList()) {
        out.putNextEntry(new ZipEntry(e.getName()));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
      for (var e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Files.move(copy, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return jar;
  }

  /** Copies one entry of a zip to a file. */
  static Path extract(Path zip, String name, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.write(target, entry(zip, name));
    return target;
  }

  /**
   * Compiles Java sources (file name → text) against {@code classpath} into a jar at {@code jar}.
   */
  static Path compile(Map<String, String> sources, List<Path> classpath, Path jar)
      throws IOException {
    Path dir = Files.createTempDirectory(jar.getParent(), "src");
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString()));
    args.addAll(List.of("--release", "17", "-proc:none", "-nowarn"));
    if (!classpath.isEmpty()) {
      args.add("-cp");
      args.add(
          String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    }
    for (var e : sources.entrySet()) {
      Path file = dir.resolve("src").resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, null, null, args.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException("javac failed for " + sources.keySet());
    }
    Path classes = dir.resolve("classes");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
        var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
