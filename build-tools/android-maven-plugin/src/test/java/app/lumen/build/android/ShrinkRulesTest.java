package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import app.lumen.build.android.AndroidLibraries.Library;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Which rule files a release build hands R8, and which embedded ones R8 finds in the jars. */
public class ShrinkRulesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path aapt2Rules;
  private Path appRules;

  @Before
  public void setUp() throws Exception {
    aapt2Rules = Files.writeString(tmp.getRoot().toPath().resolve("aapt2.pro"), "-keep class A");
    appRules = Files.writeString(tmp.getRoot().toPath().resolve("app.pro"), "-keep class B");
  }

  private Library aar(String name, boolean testOnly, String consumerRules) throws Exception {
    Path dir = tmp.newFolder(name).toPath();
    if (consumerRules != null) {
      Files.writeString(dir.resolve("proguard.txt"), consumerRules);
    }
    String scope = testOnly ? "test" : "compile";
    return new Library(
        new DefaultArtifact("g", name, "1", scope, "aar", null, new DefaultArtifactHandler("aar")),
        dir,
        testOnly);
  }

  @Test
  public void files_areShippedAarConsumerRules_thenAapt2s_thenTheApps() throws Exception {
    Library withRules = aar("core", false, "-keep class androidx.core.X");
    Library withoutRules = aar("plain", false, null);
    Library testOnly = aar("espresso", true, "-keep class androidx.test.Y");
    Library second = aar("ui", false, "-dontwarn android.view.RenderNode");

    assertEquals(
        List.of(withRules.consumerRules(), second.consumerRules(), aapt2Rules, appRules),
        ShrinkRules.files(
            List.of(withRules, withoutRules, testOnly, second), aapt2Rules, appRules));
  }

  @Test
  public void missingAapt2OrAppRules_fail() throws Exception {
    Path missing = tmp.getRoot().toPath().resolve("missing.pro");
    assertThrows(NoSuchFileException.class, () -> ShrinkRules.files(List.of(), missing, appRules));
    assertThrows(
        NoSuchFileException.class, () -> ShrinkRules.files(List.of(), aapt2Rules, missing));
  }

  @Test
  public void embedded_namesTheRuleFilesR8Reads_notProGuardsOrOtherMetadata() throws Exception {
    Path jar =
        TestInputs.compile(
            Map.of("lib/A.java", "package lib; public class A {}"),
            List.of(),
            tmp.getRoot().toPath().resolve("lib.jar"));
    TestInputs.addEntries(
        jar,
        Map.of(
            "META-INF/proguard/lib.pro", "-keep class lib.A",
            "META-INF/com.android.tools/r8-from-8.0.0/lib.pro", "-keep class lib.A",
            "META-INF/com.android.tools/r8/lib.pro", "-keep class lib.A",
            "META-INF/com.android.tools/proguard/lib.pro", "-keep class lib.A",
            "META-INF/services/lib.A", "lib.A"));

    assertEquals(
        List.of(
            "lib.jar!META-INF/com.android.tools/r8-from-8.0.0/lib.pro",
            "lib.jar!META-INF/com.android.tools/r8/lib.pro",
            "lib.jar!META-INF/proguard/lib.pro"),
        ShrinkRules.embedded(List.of(jar)));
  }
}
