package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The classes an APK defines, read from every one of its dex files. */
public class DexClassesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private byte[] dex(Map<String, String> sources) throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path jar = TestInputs.compile(sources, List.of(), dir.resolve("classes.jar"));
    DexCache cache = new DexCache(dir.resolve("cache"), Long.MAX_VALUE);
    try (Dexer dexer = new Dexer(cache, TestInputs.minSdkPlatform(), 29, false)) {
      dexer.dex(jar, List.of(), dir.resolve("dex"));
    }
    return Files.readAllBytes(dir.resolve("dex/classes.dex"));
  }

  @Test
  public void ofApk_readsEveryDexFile_nestedClassesIncluded() throws Exception {
    Path apk = tmp.getRoot().toPath().resolve("app.apk");
    try (AlignedZipWriter w = new AlignedZipWriter(apk)) {
      w.deflated(
          "classes.dex", dex(Map.of("a/A.java", "package a; public class A { class Inner {} }")));
      w.deflated("classes2.dex", dex(Map.of("b/B.java", "package b; public interface B {}")));
      w.deflated("assets/classes3.dex", new byte[] {1});
    }
    assertEquals(Set.of("a/A", "a/A$Inner", "b/B"), DexClasses.ofApk(apk.toFile()));
  }

  @Test
  public void notADexFile_fails() {
    assertThrows(IOException.class, () -> DexClasses.of(new byte[200]));
  }
}
