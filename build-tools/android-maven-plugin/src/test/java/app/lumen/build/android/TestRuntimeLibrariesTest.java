package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/**
 * The test APK's libraries: the roots and their POM dependencies among the test-only ones, with the
 * lock's Kotlin Multiplatform variants, never the desktop-only test libraries.
 */
public class TestRuntimeLibrariesTest {
  /** A slice of the real graph (POMs of androidx.test 1.7 and Compose ui-test 1.12). */
  private static final Map<String, List<String>> POMS =
      Map.of(
          "androidx.test:runner",
          List.of("androidx.test:monitor", "junit:junit", "androidx.tracing:tracing"),
          "androidx.test:monitor",
          List.of("androidx.annotation:annotation"),
          "junit:junit",
          List.of("org.hamcrest:hamcrest-core"),
          "org.hamcrest:hamcrest-core",
          List.of(),
          "androidx.compose.ui:ui-test-junit4-android",
          List.of(
              "androidx.compose.ui:ui-test",
              "org.jetbrains.kotlinx:kotlinx-coroutines-test",
              "junit:junit",
              "androidx.activity:activity"),
          "androidx.compose.ui:ui-test-android",
          List.of("androidx.test:monitor", "androidx.compose.ui:ui-android"),
          "org.jetbrains.kotlinx:kotlinx-coroutines-test-jvm",
          List.of("org.jetbrains.kotlinx:kotlinx-coroutines-core"));

  /** What the test lock holds: the above and what only Robolectric tests use. */
  private static final Set<String> TEST_ONLY =
      Set.of(
          "androidx.test:runner",
          "androidx.test:monitor",
          "junit:junit",
          "org.hamcrest:hamcrest-core",
          "androidx.compose.ui:ui-test-junit4-android",
          "androidx.compose.ui:ui-test-android",
          "androidx.compose.ui:ui-test-manifest",
          "org.jetbrains.kotlinx:kotlinx-coroutines-test-jvm",
          "org.robolectric:robolectric",
          "com.google.guava:guava");

  private final List<String> read = new ArrayList<>();

  private List<String> dependencies(String library) {
    read.add(library);
    List<String> deps = POMS.get(library);
    if (deps == null) {
      throw new AssertionError("read the POM of " + library + ", which is not test-only");
    }
    return deps;
  }

  @Test
  public void roots_bringTheirTestOnlyDependencies_inTheLocksVariants() throws Exception {
    List<String> libraries =
        TestRuntimeLibraries.of(
            List.of("androidx.test:runner", "androidx.compose.ui:ui-test-junit4"),
            TEST_ONLY,
            this::dependencies);
    assertEquals(
        List.of(
            "androidx.test:runner",
            "androidx.compose.ui:ui-test-junit4-android",
            "androidx.test:monitor",
            "junit:junit",
            "androidx.compose.ui:ui-test-android",
            "org.jetbrains.kotlinx:kotlinx-coroutines-test-jvm",
            "org.hamcrest:hamcrest-core"),
        libraries);
    assertEquals("each POM is read once", libraries, read);
  }

  @Test
  public void desktopOnlyTestLibraries_andTheAppsLibraries_stayOut() throws Exception {
    List<String> libraries =
        TestRuntimeLibraries.of(List.of("androidx.test:runner"), TEST_ONLY, this::dependencies);
    assertTrue(libraries.toString(), !libraries.contains("org.robolectric:robolectric"));
    assertTrue(libraries.toString(), !libraries.contains("com.google.guava:guava"));
    assertTrue(libraries.toString(), !libraries.contains("androidx.tracing:tracing"));
  }

  @Test
  public void aRootThatIsNoTestDependency_fails() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                TestRuntimeLibraries.of(
                    List.of("androidx.test:orchestrator"), TEST_ONLY, this::dependencies));
    assertEquals(
        "androidx.test:orchestrator is not a test dependency of the project", e.getMessage());
  }
}
