package app.lumen.build.android;

import com.android.tools.r8.ByteDataView;
import com.android.tools.r8.ClassFileResourceProvider;
import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.GlobalSyntheticsConsumer;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.Version;
import com.android.tools.r8.references.ClassReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns class files into dex with d8.
 *
 * <p>Dexing every dependency takes minutes on two cores, so each dependency jar is dexed once into
 * a cache ({@link DexCache}) and only the app's own classes are dexed on every build; a final d8
 * run merges everything.
 *
 * <p>Per-jar dexing runs in intermediate mode: classes that desugaring shares across the whole app
 * (such as {@code com.android.tools.r8.RecordTag}, the stand-in for {@code java.lang.Record} below
 * API 34) are not written into each jar's dex but described in a "global synthetics" file, and the
 * merge must be given all of those files to create them; without them the merged dex keeps
 * referring to {@code java.lang.Record} and fails to load on Android 10 to 13.
 */
final class Dexer implements AutoCloseable {
  static final String GLOBALS = "globals.synthetics";
  private final DexCache cache;
  private final Path platformJar;
  private final int minSdk;
  private final CompilationMode mode;
  private final ClassFileResourceProvider jdk;

  Dexer(DexCache cache, Path platformJar, int minSdk, boolean release) throws IOException {
    this.cache = cache;
    this.platformJar = platformJar;
    this.minSdk = minSdk;
    this.mode = release ? CompilationMode.RELEASE : CompilationMode.DEBUG;
    // d8 desugars against the JDK (records, string concatenation): android-all has no java.*.
    this.jdk = JdkClassFileProvider.fromSystemJdk();
  }

  /** Everything besides a jar's own bytes that changes what d8 makes of it. */
  String settings(List<Path> classpath) throws IOException {
    StringBuilder s =
        new StringBuilder()
            .append("d8 ")
            .append(Version.getVersionString())
            .append("\nminSdk ")
            .append(minSdk)
            .append("\nmode ")
            .append(mode)
            .append("\nglobals ")
            .append(GLOBALS)
            .append(" container")
            .append("\njdk ")
            .append(Runtime.version())
            .append(' ')
            .append(System.getProperty("java.vendor"))
            .append("\nplatform ")
            .append(cache.contentHash(platformJar));
    // Desugaring looks at the classpath (supertypes of the jar's classes, default methods).
    for (Path jar : classpath) {
      s.append("\nclasspath ").append(cache.contentHash(jar));
    }
    return s.toString();
  }

  /** Dexes {@code appClasses} and {@code libraries} into {@code outDir}. */
  void dex(Path appClasses, List<Path> libraries, Path outDir)
      throws IOException, CompilationFailedException {
    String settings = settings(libraries.stream().sorted().toList());
    List<Path> intermediates = new ArrayList<>();
    List<Path> globals = new ArrayList<>();
    for (Path jar : libraries) {
      Path dir = cache.entry(jar, settings, tmp -> run(List.of(jar), libraries, tmp));
      intermediates.addAll(files(dir, ".dex"));
      globals.addAll(files(dir, GLOBALS));
    }
    Path appDex = outDir.resolveSibling("dex-app");
    AndroidResourcesMojo.deleteTree(appDex);
    Files.createDirectories(appDex);
    run(List.of(appClasses), libraries, appDex);
    intermediates.addAll(files(appDex, ".dex"));
    globals.addAll(files(appDex, GLOBALS));

    AndroidResourcesMojo.deleteTree(outDir);
    Files.createDirectories(outDir);
    D8.run(
        base()
            .addProgramFiles(intermediates)
            .addGlobalSyntheticsFiles(globals)
            .setOutput(outDir, OutputMode.DexIndexed)
            .build());
  }

  private void run(List<Path> program, List<Path> classpath, Path out)
      throws CompilationFailedException {
    D8Command.Builder b = base().addProgramFiles(program).setIntermediate(true);
    for (Path cp : classpath) {
      if (!program.contains(cp)) {
        b.addClasspathFiles(cp);
      }
    }
    // Classes shared by the whole app (e.g. the record desugaring helper) are made once when the
    // intermediates are merged, from these descriptions.
    b.setGlobalSyntheticsConsumer(new GlobalsFile(out.resolve(GLOBALS)));
    D8.run(b.setOutput(out, OutputMode.DexIndexed).build());
  }

  /**
   * Writes d8's global synthetics container as it is. (The path form, {@code
   * setGlobalSyntheticsOutput}, wraps it in a zip entry that {@code addGlobalSyntheticsFiles} then
   * rejects: "does not specify its content kind".)
   */
  private static final class GlobalsFile implements GlobalSyntheticsConsumer {
    private final Path file;

    GlobalsFile(Path file) {
      this.file = file;
    }

    @Override
    public void accept(ByteDataView data, ClassReference context, DiagnosticsHandler handler) {
      try {
        Files.write(file, data.copyByteData());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private D8Command.Builder base() {
    return D8Command.builder()
        .addLibraryFiles(platformJar)
        .addLibraryResourceProvider(jdk)
        .setMinApiLevel(minSdk)
        .setMode(mode);
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Override
  public void close() throws IOException {
    if (jdk instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }
}
