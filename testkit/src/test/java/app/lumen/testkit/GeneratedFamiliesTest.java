package app.lumen.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GeneratedFamiliesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void parse_acceptsTheGeneratedFamiliesInAnyCase() {
    assertEquals(ModelFamily.QWEN2_5_VL, GeneratedFamilies.parse("Qwen2_5_VL"));
    assertEquals(ModelFamily.QWEN3_VL, GeneratedFamilies.parse("qwen3_vl"));
  }

  @Test
  public void parse_unknownFamily_namesTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GeneratedFamilies.parse("llama"));

    assertEquals(
        "unknown family 'llama' (expected qwen3_vl, qwen2_vl or qwen2_5_vl)", e.getMessage());
  }

  @Test
  public void parse_knownFamilyWithoutGenerator_isRefusedNamingTheGeneratedOnes() {
    for (String id : new String[] {"qwen3_5", "qwen3"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> GeneratedFamilies.parse(id));

      assertEquals(
          "the test kit cannot generate "
              + id
              + " packages (it generates qwen3_vl, qwen2_vl or qwen2_5_vl)",
          e.getMessage());
    }
  }

  @Test
  public void tinyGenerator_refusesAFamilyItCannotGenerate_beforeWritingAnything()
      throws Exception {
    Path dir = tmp.newFolder("qwen3_5").toPath();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TinyPackageGenerator.generate(dir, 1, ModelFamily.QWEN3_5));

    assertTrue(e.getMessage(), e.getMessage().contains("cannot generate qwen3_5"));
    try (var files = Files.list(dir)) {
      assertFalse(files.findAny().isPresent());
    }
  }
}
