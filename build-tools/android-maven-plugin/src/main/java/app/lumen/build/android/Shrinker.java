package app.lumen.build.android;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.DataDirectoryResource;
import com.android.tools.r8.DataEntryResource;
import com.android.tools.r8.DataResourceConsumer;
import com.android.tools.r8.DexIndexedConsumer;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.ResourceException;
import com.android.tools.r8.StringConsumer;
import com.android.tools.r8.origin.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Shrinks, optimizes and renames a release build with R8, into dex.
 *
 * <p>R8 sees the whole program at once (the app's classes and every runtime jar), so nothing is
 * cached per jar as in {@link Dexer}. The rules come from the files given here (AAR consumer rules,
 * aapt2's rules for the manifest and layouts, the app's own) and from the rules libraries embed in
 * their jars, which R8 reads from the program jars itself ({@code META-INF/proguard/} and the
 * version-selected {@code META-INF/com.android.tools/r8*}).
 *
 * <p>Java resources come out of R8 too: it rewrites {@code META-INF/services} files to the renamed
 * classes, so copying them from the jars would name classes the dex no longer has.
 */
final class Shrinker {
  /**
   * What a run made besides the dex.
   *
   * @param javaResources the program jars' non-class entries as R8 passed them on (first of equal
   *     names wins), by name
   * @param time how long R8 ran
   * @param warnings R8's warnings, one line each
   */
  record Result(Map<String, byte[]> javaResources, Duration time, List<String> warnings) {}

  private final Path platformJar;
  private final int minSdk;

  Shrinker(Path platformJar, int minSdk) {
    this.platformJar = platformJar;
    this.minSdk = minSdk;
  }

  /**
   * Runs R8 over {@code program} into {@code outDir}.
   *
   * @param rules rule files, in order
   * @param mapping where the map from new to original names goes (for stack traces)
   * @param configuration where every rule R8 applied goes, embedded ones included
   * @throws CompilationFailedException when R8 fails; its message lists R8's errors (e.g. missing
   *     classes that need a {@code -dontwarn})
   */
  Result shrink(List<Path> program, List<Path> rules, Path outDir, Path mapping, Path configuration)
      throws IOException, CompilationFailedException {
    AndroidResourcesMojo.deleteTree(outDir);
    Files.createDirectories(outDir);
    Files.createDirectories(mapping.getParent());
    Files.createDirectories(configuration.getParent());
    Diagnostics diagnostics = new Diagnostics();
    JavaResources resources = new JavaResources();
    long start = System.nanoTime();
    // d8 desugars against the JDK as in Dexer: android-all has no java.* classes.
    try (JdkClassFileProvider jdk = (JdkClassFileProvider) JdkClassFileProvider.fromSystemJdk()) {
      R8Command command =
          R8Command.builder(diagnostics)
              .addProgramFiles(program)
              .addLibraryFiles(platformJar)
              .addLibraryResourceProvider(jdk)
              .addProguardConfigurationFiles(rules)
              .setMinApiLevel(minSdk)
              .setMode(CompilationMode.RELEASE)
              .setProguardMapOutputPath(mapping)
              .setProguardConfigurationConsumer(new StringConsumer.FileConsumer(configuration))
              .setProgramConsumer(
                  new DexIndexedConsumer.ForwardingConsumer(
                      new DexIndexedConsumer.DirectoryConsumer(outDir)) {
                    @Override
                    public DataResourceConsumer getDataResourceConsumer() {
                      return resources;
                    }
                  })
              .build();
      R8.run(command);
    } catch (CompilationFailedException e) {
      if (diagnostics.errors.isEmpty()) {
        throw e;
      }
      CompilationFailedException withErrors =
          new CompilationFailedException(
              "R8 failed:\n  " + String.join("\n  ", diagnostics.errors));
      withErrors.initCause(e);
      throw withErrors;
    }
    if (resources.failure != null) {
      throw resources.failure;
    }
    return new Result(
        Collections.unmodifiableMap(resources.entries),
        Duration.ofNanos(System.nanoTime() - start),
        List.copyOf(diagnostics.warnings));
  }

  /** Keeps the data resources R8 passes on, in memory (a few hundred KB of metadata). */
  private static final class JavaResources implements DataResourceConsumer {
    final Map<String, byte[]> entries = Collections.synchronizedMap(new TreeMap<>());
    IOException failure;

    @Override
    public void accept(DataDirectoryResource directory, DiagnosticsHandler handler) {}

    @Override
    public void accept(DataEntryResource file, DiagnosticsHandler handler) {
      try (InputStream in = file.getByteStream()) {
        entries.putIfAbsent(file.getName(), in.readAllBytes());
      } catch (IOException | ResourceException e) {
        failure = new IOException("Java resource " + file.getName() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void finished(DiagnosticsHandler handler) {}
  }

  /** Collects R8's errors and warnings with where they come from; infos are dropped. */
  private static final class Diagnostics implements DiagnosticsHandler {
    private static final Pattern DUPLICATE_RESOURCE =
        Pattern.compile("Resource '[^']+' already exists\\.");

    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void error(Diagnostic error) {
      errors.add(describe(error));
    }

    @Override
    public void warning(Diagnostic warning) {
      // Jars share metadata names (module-info, a library's rules in two of its jars); the APK
      // takes the first, as debug builds do.
      if (!DUPLICATE_RESOURCE.matcher(warning.getDiagnosticMessage()).matches()) {
        warnings.add(describe(warning));
      }
    }

    @Override
    public void info(Diagnostic info) {}

    private static String describe(Diagnostic d) {
      Origin origin = d.getOrigin();
      String where = origin == null || origin == Origin.unknown() ? "" : origin + ": ";
      return where + d.getDiagnosticMessage();
    }
  }
}
