package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import app.lumen.build.android.AndroidLibraries.Library;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The assets folder aapt2 links: the main libraries' and the app's, the app's winning. */
public class MergedAssetsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path appAssets(Map<String, String> files) throws Exception {
    Path assets = tmp.getRoot().toPath().resolve("app/assets");
    for (var f : files.entrySet()) {
      Path file = assets.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
    return assets;
  }

  private Library aar(String artifactId, boolean testOnly, Map<String, String> files)
      throws Exception {
    return TestInputs.aar(tmp.newFolder(artifactId).toPath(), artifactId, testOnly, files);
  }

  private static Map<String, String> contents(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .collect(
              java.util.stream.Collectors.toMap(
                  f -> dir.relativize(f).toString(),
                  f -> {
                    try {
                      return Files.readString(f);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }));
    }
  }

  @Test
  public void librariesAndApp_inOneFolder_theAppsFileWins_testOnlyLeftOut() throws Exception {
    Library fonts =
        aar(
            "fonts",
            false,
            Map.of("assets/fonts/a.ttf", "font", "assets/licence.txt", "library licence"));
    Library testAssets = aar("test-assets", true, Map.of("assets/fixture.json", "{}"));
    Path app = appAssets(Map.of("licence.txt", "app licence", "models/tiny.onnx", "model"));
    Path target = tmp.getRoot().toPath().resolve("merged");

    assertEquals(target, MergedAssets.merge(List.of(fonts, testAssets), app, target));
    assertEquals(
        Map.of(
            "fonts/a.ttf", "font",
            "licence.txt", "app licence",
            "models/tiny.onnx", "model"),
        contents(target));
  }

  @Test
  public void filesFromAnEarlierBuild_areGone() throws Exception {
    Path target = tmp.newFolder("merged").toPath();
    Files.writeString(target.resolve("removed.txt"), "stale");
    Path app = appAssets(Map.of("kept.txt", "kept"));

    MergedAssets.merge(List.of(), app, target);

    assertEquals(Map.of("kept.txt", "kept"), contents(target));
  }

  @Test
  public void noAssetsAnywhere_isNull() throws Exception {
    Library plain = aar("plain", false, Map.of("AndroidManifest.xml", "<manifest/>"));
    Path target = tmp.getRoot().toPath().resolve("merged");

    assertNull(MergedAssets.merge(List.of(plain), appAssets(Map.of()), target));
  }
}
