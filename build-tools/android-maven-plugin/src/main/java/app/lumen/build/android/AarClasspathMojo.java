package app.lumen.build.android;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Puts the classes of every AAR dependency on the compile and test classpaths.
 *
 * <p>Maven 3 treats the unknown {@code aar} type as "not on the classpath" and an AAR is a zip
 * around {@code classes.jar} anyway. After resolution this unpacks each AAR and points its artifact
 * at the classes jar (merged with {@code libs/*.jar}) with a jar-type handler, so kotlinc, javac
 * and Surefire all see it.
 */
@Mojo(
    name = "aar-classpath",
    defaultPhase = LifecyclePhase.INITIALIZE,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class AarClasspathMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException {
    int count = 0;
    for (Artifact a : project.getArtifacts()) {
      if (!AndroidLibraries.isAar(a)) {
        continue;
      }
      try {
        a.setFile(unpack(a).toFile());
      } catch (IOException e) {
        throw new MojoExecutionException("cannot unpack " + a + ": " + e.getMessage(), e);
      }
      DefaultArtifactHandler handler = new DefaultArtifactHandler("aar");
      handler.setExtension("jar");
      handler.setLanguage("java");
      handler.setAddedToClasspath(true);
      a.setArtifactHandler(handler);
      count++;
    }
    getLog().info("AARs on the classpath: " + count);
  }

  private Path unpack(Artifact a) throws IOException {
    Path dir = AndroidLibraries.dirOf(project, a);
    Path done = dir.resolve(".unpacked");
    Path source = a.getFile().toPath();
    if (!Files.exists(done)
        || Files.getLastModifiedTime(done).compareTo(Files.getLastModifiedTime(source)) < 0) {
      AndroidLibraries.unzip(source.toFile(), dir);
      Files.writeString(done, source.toString());
    }
    Path classes = dir.resolve("classes.jar");
    List<Path> extraJars;
    try (Stream<Path> libs =
        Files.isDirectory(dir.resolve("libs")) ? Files.list(dir.resolve("libs")) : Stream.empty()) {
      extraJars = libs.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    if (!Files.exists(classes)) {
      // Resource-only AARs still need a (empty) jar for the classpath.
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(classes))) {
        out.putNextEntry(new ZipEntry("META-INF/"));
      }
    }
    Path merged = dir.resolve("classes-merged.jar");
    if (!extraJars.isEmpty() && !Files.exists(merged)) {
      mergeJars(Stream.concat(Stream.of(classes), extraJars.stream()).toList(), merged);
    }
    return AndroidLibraries.classesJar(project, a);
  }

  private static void mergeJars(List<Path> jars, Path target) throws IOException {
    Set<String> seen = new HashSet<>();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      for (Path jar : jars) {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
          for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
            if (e.isDirectory() || !seen.add(e.getName())) {
              continue;
            }
            ZipEntry copy = new ZipEntry(e.getName());
            // A fixed time keeps the merged jar byte-identical across clean builds (dex cache key).
            copy.setTime(AlignedZipWriter.FIXED_TIME);
            out.putNextEntry(copy);
            in.transferTo(out);
          }
        }
      }
    }
    Files.move(tmp, target);
  }
}
