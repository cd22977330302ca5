package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import app.lumen.build.android.AndroidLibraries.Library;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A tiny app and one library compiled and linked by the real aapt2 with the arguments the resources
 * goal builds: the app's value of a resource both define wins, the library's other resources come
 * in, and the R classes of both packages see them.
 */
public class Aapt2ResourceLinkTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path dir;

  @Before
  public void needsAapt2() {
    boolean onPath = false;
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      onPath |= Files.isExecutable(Path.of(d, "aapt2"));
    }
    assumeTrue("aapt2 is not installed (apt-get install -y aapt)", onPath);
    dir = tmp.getRoot().toPath();
  }

  private void aapt2(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("aapt2"));
    cmd.addAll(args);
    Tools.run(cmd, dir);
  }

  @Test
  public void appOverridesTheLibrarysValue_andBothPackagesGetAnRClass() throws Exception {
    Library greeting =
        TestInputs.aar(
            dir.resolve("aar"),
            "greeting",
            false,
            Map.of(
                "AndroidManifest.xml",
                "<manifest package=\"lib.greeting\"/>",
                "res/values/strings.xml",
                "<resources><string name=\"greeting\">from library</string>"
                    + "<string name=\"lib_only\">library only</string></resources>"));
    Path appRes = dir.resolve("app/res/values/strings.xml");
    Files.createDirectories(appRes.getParent());
    Files.writeString(appRes, "<resources><string name=\"greeting\">from app</string></resources>");
    Path manifest =
        Files.writeString(
            dir.resolve("AndroidManifest.xml"),
            "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\""
                + " package=\"app.demo\"/>");

    Path compiled = Files.createDirectories(dir.resolve("compiled"));
    aapt2(
        Aapt2LinkArguments.compile(
            greeting.res(), Aapt2LinkArguments.compiledArchive(compiled, greeting)));
    Path app = compiled.resolve("app.zip");
    aapt2(Aapt2LinkArguments.compile(dir.resolve("app/res"), app));
    Path java = Files.createDirectories(dir.resolve("r"));
    Path rTxt = dir.resolve("R.txt");
    Path linked = dir.resolve("resources.ap_");
    aapt2(
        new Aapt2LinkArguments(TestInputs.minSdkPlatform(), "app.demo", 29, 35, 1, "1.0")
            .link(
                manifest,
                Aapt2LinkArguments.resourceArchives(List.of(greeting), compiled, app),
                List.of(greeting),
                null,
                linked,
                java,
                List.of("--output-text-symbols", rTxt.toString())));

    List<String> symbols = Files.readAllLines(rTxt);
    assertEquals(2, symbols.size());
    assertTrue(symbols.toString(), symbols.get(0).startsWith("int string greeting 0x7f"));
    assertTrue(symbols.toString(), symbols.get(1).startsWith("int string lib_only 0x7f"));
    for (String pkg : List.of("app/demo", "lib/greeting")) {
      String r = Files.readString(java.resolve(pkg).resolve("R.java"));
      assertTrue(r, r.contains("int greeting=0x7f"));
      assertTrue(r, r.contains("int lib_only=0x7f"));
    }
    String table = Tools.run(List.of("aapt2", "dump", "resources", linked.toString()), dir);
    assertEquals("\"from app\"", valueAfter(table, "string/greeting"));
    assertEquals("\"library only\"", valueAfter(table, "string/lib_only"));
  }

  /** The value line that {@code aapt2 dump resources} prints after a resource's name. */
  private static String valueAfter(String dump, String resource) {
    List<String> lines = dump.lines().toList();
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).trim().endsWith(" " + resource)) {
        String value = lines.get(i + 1).trim();
        // "() \"text\"": the configuration (none) then the value.
        return value.substring(value.indexOf(')') + 1).trim();
      }
    }
    throw new AssertionError(resource + " not in:\n" + dump);
  }
}
