package app.lumen.build.android;

import com.android.tools.r8.ClassFileResourceProvider;
import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.OutputMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns class files into dex with d8.
 *
 * <p>Dexing every dependency takes minutes on two cores, so each dependency jar is dexed once into
 * a cache keyed by its content and the settings, and only the app's own classes are dexed on every
 * build; a final d8 run merges everything.
 */
final class Dexer implements AutoCloseable {
  private static final String GLOBALS = "globals.synthetics";
  private final Path cacheDir;
  private final Path platformJar;
  private final int minSdk;
  private final CompilationMode mode;
  private final ClassFileResourceProvider jdk;

  Dexer(Path cacheDir, Path platformJar, int minSdk, boolean release) throws IOException {
    this.cacheDir = cacheDir;
    this.platformJar = platformJar;
    this.minSdk = minSdk;
    this.mode = release ? CompilationMode.RELEASE : CompilationMode.DEBUG;
    // d8 desugars against the JDK (records, string concatenation): android-all has no java.*.
    this.jdk = JdkClassFileProvider.fromSystemJdk();
  }

  /** Dexes {@code appClasses} and {@code libraries} into {@code outDir}. */
  void dex(Path appClasses, List<Path> libraries, Path outDir)
      throws IOException, CompilationFailedException {
    List<Path> intermediates = new ArrayList<>();
    for (Path jar : libraries) {
      intermediates.addAll(dexFiles(cachedDex(jar, libraries)));
    }
    Path appDex = outDir.resolveSibling("dex-app");
    AndroidResourcesMojo.deleteTree(appDex);
    Files.createDirectories(appDex);
    run(List.of(appClasses), libraries, appDex, true);
    intermediates.addAll(dexFiles(appDex));

    AndroidResourcesMojo.deleteTree(outDir);
    Files.createDirectories(outDir);
    D8.run(base().addProgramFiles(intermediates).setOutput(outDir, OutputMode.DexIndexed).build());
  }

  private Path cachedDex(Path jar, List<Path> classpath)
      throws IOException, CompilationFailedException {
    Path dir = cacheDir.resolve(key(jar));
    if (Files.exists(dir.resolve(".done"))) {
      return dir;
    }
    AndroidResourcesMojo.deleteTree(dir);
    Files.createDirectories(dir);
    run(List.of(jar), classpath, dir, true);
    Files.writeString(dir.resolve(".done"), jar.toString());
    return dir;
  }

  private void run(List<Path> program, List<Path> classpath, Path out, boolean intermediate)
      throws CompilationFailedException {
    D8Command.Builder b = base().addProgramFiles(program).setIntermediate(intermediate);
    for (Path cp : classpath) {
      if (!program.contains(cp)) {
        b.addClasspathFiles(cp);
      }
    }
    if (intermediate) {
      // Classes shared by the whole app (e.g. the record desugaring helper) are made once when
      // the intermediates are merged.
      b.setGlobalSyntheticsOutput(out.resolve(GLOBALS));
    }
    D8.run(b.setOutput(out, OutputMode.DexIndexed).build());
  }

  private D8Command.Builder base() {
    return D8Command.builder()
        .addLibraryFiles(platformJar)
        .addLibraryResourceProvider(jdk)
        .setMinApiLevel(minSdk)
        .setMode(mode);
  }

  private String key(Path jar) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(jar)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
        }
      }
      sha.update(("min" + minSdk + mode + GLOBALS).getBytes());
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> dexFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".dex")).sorted().toList();
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
