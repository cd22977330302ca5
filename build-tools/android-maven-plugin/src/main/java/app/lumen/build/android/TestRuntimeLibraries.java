package app.lumen.build.android;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which test dependencies go into the test APK: the named roots (the instrumentation runner, the
 * test libraries the instrumented tests use) and, transitively, their runtime dependencies among
 * the project's test-only dependencies, as Gradle's {@code androidTestRuntimeClasspath} holds them.
 *
 * <p>The project's test dependencies come from a flat lock without the graph (every entry excludes
 * {@code *:*}), and hold much that only runs on the desktop (Robolectric and its Java libraries),
 * so the graph is read again from each library's own POM. Names follow the lock's choice of Kotlin
 * Multiplatform variants: a POM that names {@code kotlinx-coroutines-test} means the lock's {@code
 * kotlinx-coroutines-test-jvm}, {@code ui-test} the lock's {@code ui-test-android}. Dependencies
 * that are not test-only are carried by the app's APK and end the walk.
 */
final class TestRuntimeLibraries {
  /** The direct runtime dependencies ({@code groupId:artifactId}) of a test-only library. */
  interface Graph {
    List<String> dependencies(String library) throws IOException;
  }

  private static final List<String> VARIANT_SUFFIXES = List.of("", "-android", "-jvm");

  private TestRuntimeLibraries() {}

  /**
   * The test-only libraries ({@code groupId:artifactId}) reachable from {@code roots}, roots first,
   * in the order found.
   *
   * @param testOnly the project's test-only dependencies
   * @throws IOException when a root is not among them
   */
  static List<String> of(List<String> roots, Set<String> testOnly, Graph graph) throws IOException {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    for (String root : roots) {
      String library = variant(root, testOnly);
      if (library == null) {
        throw new IOException(root + " is not a test dependency of the project");
      }
      if (found.add(library)) {
        queue.add(library);
      }
    }
    while (!queue.isEmpty()) {
      for (String dependency : graph.dependencies(queue.remove())) {
        String library = variant(dependency, testOnly);
        if (library != null && found.add(library)) {
          queue.add(library);
        }
      }
    }
    return new ArrayList<>(found);
  }

  /** The lock's entry for a POM's dependency, or null when the test lock does not hold it. */
  static String variant(String library, Set<String> testOnly) {
    for (String suffix : VARIANT_SUFFIXES) {
      if (testOnly.contains(library + suffix)) {
        return library + suffix;
      }
    }
    return null;
  }
}
