package app.lumen.build.android;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClassFilterTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path jar(String name, String... entries) throws Exception {
    Path jar = tmp.getRoot().toPath().resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String e : entries) {
        out.putNextEntry(new ZipEntry(e));
        out.write(e.getBytes());
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  public void excludedClasses_areLeftOut_otherJarsPassUnchanged_copiesAreReproducible()
      throws Exception {
    Path ort =
        jar(
            "ort.jar",
            "ai/onnxruntime/OrtSession.class",
            "ai/onnxruntime/TelemetryInitializer.class",
            "ai/onnxruntime/telemetry/HttpClient.class",
            "ai/onnxruntime/telemetry.txt");
    Path other = jar("other.jar", "kotlin/Unit.class");
    ClassFilter filter =
        new ClassFilter(
            List.of("ai/onnxruntime/TelemetryInitializer", "ai/onnxruntime/telemetry/"));
    Path out = tmp.newFolder("filtered").toPath();

    List<Path> result = filter.apply(List.of(ort, other), out);
    assertEquals(other, result.get(1));
    assertNotEquals(ort, result.get(0));
    try (ZipFile z = new ZipFile(result.get(0).toFile())) {
      assertEquals(
          List.of("ai/onnxruntime/OrtSession.class", "ai/onnxruntime/telemetry.txt"),
          z.stream().map(ZipEntry::getName).toList());
      // No wall-clock times: the copy of an unchanged jar keeps its dex cache entry.
      z.stream().forEach(e -> assertEquals(AlignedZipWriter.FIXED_TIME, e.getTime()));
    }
    byte[] again = Files.readAllBytes(filter.apply(List.of(ort), tmp.newFolder().toPath()).get(0));
    assertArrayEquals(Files.readAllBytes(result.get(0)), again);
  }

  /** The test APK leaves out the classes the app's APK carries: exactly those, not a prefix. */
  @Test
  public void exactly_leavesOutTheNamedClassesOnly() throws Exception {
    Path lib =
        jar(
            "lib.jar",
            "androidx/tracing/Trace.class",
            "androidx/tracing/TraceApi29.class",
            "androidx/tracing/Trace$1.class",
            "META-INF/tracing.version");
    Path out = tmp.newFolder("filtered").toPath();

    List<Path> result =
        ClassFilter.exactly(Set.of("androidx/tracing/Trace", "kotlin/Unit"))
            .apply(List.of(lib), out);
    try (ZipFile z = new ZipFile(result.get(0).toFile())) {
      assertEquals(
          List.of(
              "META-INF/tracing.version",
              "androidx/tracing/Trace$1.class",
              "androidx/tracing/TraceApi29.class"),
          z.stream().map(ZipEntry::getName).toList());
    }
    Path untouched = jar("untouched.jar", "androidx/test/Runner.class");
    assertEquals(
        untouched,
        ClassFilter.exactly(Set.of("androidx/tracing/Trace"))
            .apply(List.of(untouched), out)
            .get(0));
  }
}
