package app.lumen.build.android;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

/** The Android libraries (AARs) of a project, unpacked under {@code target/aars}. */
final class AndroidLibraries {
  private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s*=\\s*\"([^\"]+)\"");

  /** One unpacked AAR. */
  record Library(Artifact artifact, Path dir, boolean testOnly) {
    Path manifest() {
      return dir.resolve("AndroidManifest.xml");
    }

    Path res() {
      return dir.resolve("res");
    }

    boolean hasResources() throws IOException {
      if (!Files.isDirectory(res())) {
        return false;
      }
      try (var files = Files.walk(res())) {
        return files.anyMatch(Files::isRegularFile);
      }
    }

    Path jni() {
      return dir.resolve("jni");
    }

    Path assets() {
      return dir.resolve("assets");
    }

    /** The rules the library asks apps that shrink it to apply ("consumer rules"). */
    Path consumerRules() {
      return dir.resolve("proguard.txt");
    }

    String packageName() throws IOException {
      Matcher m = PACKAGE.matcher(Files.readString(manifest()));
      if (!m.find()) {
        throw new IOException("no package attribute in " + manifest());
      }
      return m.group(1);
    }

    String key() {
      return artifact.getGroupId() + "_" + artifact.getArtifactId() + "_" + artifact.getVersion();
    }

    /** {@code groupId:artifactId:version}, as build messages name the library. */
    String coordinates() {
      return artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getVersion();
    }
  }

  private AndroidLibraries() {}

  static Path unpackRoot(MavenProject project) {
    return Path.of(project.getBuild().getDirectory(), "aars");
  }

  static Path dirOf(MavenProject project, Artifact a) {
    String name =
        a.getArtifactId()
            + "-"
            + a.getVersion()
            + (a.hasClassifier() ? "-" + a.getClassifier() : "");
    return unpackRoot(project).resolve(a.getGroupId()).resolve(name);
  }

  /** The classes of an unpacked AAR (merged with its {@code libs/} jars when it has any). */
  static Path classesJar(MavenProject project, Artifact a) {
    Path dir = dirOf(project, a);
    Path merged = dir.resolve("classes-merged.jar");
    return Files.exists(merged) ? merged : dir.resolve("classes.jar");
  }

  /** Jars that run in the app: compile and runtime scope, AARs already swapped to classes jars. */
  static List<Path> runtimeJars(MavenProject project) {
    List<Path> jars = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      String scope = a.getScope();
      if (!Artifact.SCOPE_COMPILE.equals(scope) && !Artifact.SCOPE_RUNTIME.equals(scope)) {
        continue;
      }
      if (isAar(a)) {
        // Resolution for a later goal may hand out fresh artifacts: find the unpacked classes.
        jars.add(classesJar(project, a));
      } else if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
        jars.add(a.getFile().toPath());
      }
    }
    return jars;
  }

  /** The file of the dependency {@code groupId:artifactId} (an AAR's classes jar), or null. */
  static Path dependencyJar(MavenProject project, String groupIdAndArtifactId) {
    for (Artifact a : project.getArtifacts()) {
      if ((a.getGroupId() + ":" + a.getArtifactId()).equals(groupIdAndArtifactId)) {
        return isAar(a) ? classesJar(project, a) : a.getFile().toPath();
      }
    }
    return null;
  }

  static boolean isAar(Artifact a) {
    return "aar".equals(a.getType());
  }

  static boolean isTestOnly(Artifact a) {
    return Artifact.SCOPE_TEST.equals(a.getScope());
  }

  /** The AARs of the project in classpath order; main libraries first. */
  static List<Library> of(MavenProject project) {
    List<Library> main = new ArrayList<>();
    List<Library> test = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (isAar(a)) {
        Library lib = new Library(a, dirOf(project, a), isTestOnly(a));
        (lib.testOnly() ? test : main).add(lib);
      }
    }
    main.addAll(test);
    return main;
  }

  /** Unpacks an archive into {@code target}, refusing entries that would land outside it. */
  static void unzip(File archive, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (ZipFile zip = new ZipFile(archive)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path out = root.resolve(e.getName()).normalize();
        if (!out.startsWith(root)) {
          throw new IOException(archive + ": entry escapes the folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
