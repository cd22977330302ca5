package app.lumen.pkg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.Test;

public class ModelFamilyTest {

  @Test
  public void find_returnsTheFamilyOfEachManifestId() {
    for (ModelFamily family : ModelFamily.values()) {
      assertEquals(Optional.of(family), ModelFamily.find(family.id()));
    }
    assertEquals(Optional.empty(), ModelFamily.find("llama"));
    assertEquals(Optional.empty(), ModelFamily.find("QWEN3_VL"));
  }

  @Test
  public void of_unknownFamily_namesTheFieldAndEveryChoice() {
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelFamily.of("llama", "where"));

    assertEquals(
        "where: expected one of qwen3_vl, qwen2_vl, qwen2_5_vl, qwen3_5, qwen3, found llama",
        e.getMessage());
  }

  @Test
  public void of_manifest_readsItsFamilyAndNamesTheManifestFieldWhenUnknown() throws Exception {
    PackageManifest qwen2 = manifest("qwen2_vl");
    assertEquals(ModelFamily.QWEN2_VL, ModelFamily.of(qwen2));

    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelFamily.of(manifest("gemma")));
    assertTrue(e.getMessage(), e.getMessage().startsWith("lumen-package.json: family: "));
  }

  @Test
  public void onlyTextOnlyQwen3_lacksVisionAndMultimodalPositions() {
    for (ModelFamily family : ModelFamily.values()) {
      boolean textOnly = family == ModelFamily.QWEN3;
      assertEquals(family.id(), !textOnly, family.hasVision());
      assertEquals(family.id(), !textOnly, family.hasMultimodalPositions());
      assertEquals(family.id(), textOnly, family.gridInputName() == null);
    }
    assertNull(ModelFamily.QWEN3.gridInputName());
  }

  @Test
  public void qwen2VisionGraphs_nameTheirGridInputGridThw() {
    assertEquals("grid_thw", ModelFamily.QWEN2_VL.gridInputName());
    assertEquals("image_grid_thw", ModelFamily.QWEN2_5_VL.gridInputName());
    assertEquals("image_grid_thw", ModelFamily.QWEN3_VL.gridInputName());
    assertEquals("image_grid_thw", ModelFamily.QWEN3_5.gridInputName());
  }

  @Test
  public void defaultSystemPrompt_belongsToTheQwen2Templates() {
    EnumSet<ModelFamily> withDefault = EnumSet.noneOf(ModelFamily.class);
    for (ModelFamily family : ModelFamily.values()) {
      if (family.hasDefaultSystemPrompt()) {
        withDefault.add(family);
      }
    }
    assertEquals(EnumSet.of(ModelFamily.QWEN2_VL, ModelFamily.QWEN2_5_VL), withDefault);
    assertFalse(ModelFamily.QWEN3_VL.hasDefaultSystemPrompt());
  }

  @Test
  public void ids_listsInTheGivenOrder() {
    assertEquals(
        "qwen2_5_vl, qwen3",
        ModelFamily.ids(java.util.List.of(ModelFamily.QWEN2_5_VL, ModelFamily.QWEN3)));
    assertEquals("", ModelFamily.ids(java.util.List.of()));
  }

  @Test
  public void displayName_isHowPeopleWriteTheFamily() {
    assertEquals("Qwen2.5-VL", ModelFamily.QWEN2_5_VL.displayName());
    assertEquals("Qwen3-VL", ModelFamily.QWEN3_VL.displayName());
  }

  private static PackageManifest manifest(String family) throws InvalidPackageException {
    return PackageManifest.builder("id", family)
        .graph(PackageManifest.ROLE_DECODER, "onnx/decoder.onnx")
        .files(java.util.List.of(PackageFile.withSha256("onnx/decoder.onnx", 1, "00".repeat(32))))
        .build();
  }
}
