package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import java.io.StringReader;
import java.util.List;
import org.junit.Test;

/** config.json layouts of the families, as their Hugging Face repositories publish them. */
public class ModelConfigTest {

  // Qwen/Qwen2-VL-2B-Instruct config.json (decoder at the top level, vision embed_dim/hidden_size).
  private static final String QWEN2_VL_2B =
      "{\"architectures\": [\"Qwen2VLForConditionalGeneration\"], \"hidden_size\": 1536,"
          + " \"intermediate_size\": 8960, \"max_position_embeddings\": 32768, \"model_type\": \"qwen2_vl\","
          + " \"num_attention_heads\": 12, \"num_hidden_layers\": 28, \"num_key_value_heads\": 2,"
          + " \"vision_start_token_id\": 151652, \"image_token_id\": 151655, \"vocab_size\": 151936,"
          + " \"vision_config\": {\"depth\": 32, \"embed_dim\": 1280, \"mlp_ratio\": 4, \"num_heads\": 16,"
          + " \"in_chans\": 3, \"hidden_size\": 1536, \"patch_size\": 14, \"spatial_merge_size\": 2,"
          + " \"temporal_patch_size\": 2}}";

  // Text-only Qwen3-0.6B: no vision, head_dim given explicitly (16 heads x 128 != 1024).
  private static final String QWEN3_06B =
      "{\"model_type\": \"qwen3\", \"hidden_size\": 1024, \"num_hidden_layers\": 28,"
          + " \"num_attention_heads\": 16, \"num_key_value_heads\": 8, \"head_dim\": 128,"
          + " \"vocab_size\": 151936, \"max_position_embeddings\": 40960}";

  @Test
  public void qwen2Vl_flatLayout_readsTextAndVisionShapes() throws Exception {
    ModelConfig config = parse(QWEN2_VL_2B);
    assertEquals(ModelFamily.QWEN2_VL, config.family());
    assertEquals(1536, config.hiddenSize());
    assertEquals(128, config.headDim()); // 1536 / 12
    assertEquals(2, config.numKeyValueHeads());
    assertEquals(151655, config.imageTokenId());
    assertEquals(3 * 2 * 14 * 14, config.vision().patchValues());
    assertEquals(1536, config.vision().outHiddenSize());
    assertEquals(List.of(), config.vision().deepstackVisualIndexes());
    assertEquals("grid_thw", config.family().gridInputName());
  }

  @Test
  public void qwen3TextOnly_hasNoVisionAndExplicitHeadDim() throws Exception {
    ModelConfig config = parse(QWEN3_06B);
    assertEquals(ModelFamily.QWEN3, config.family());
    assertEquals(128, config.headDim());
    assertNull(config.vision());
    assertEquals(28, config.fullAttentionLayers().size());
  }

  @Test
  public void qwen35_everyFourthLayerIsFullAttention() throws Exception {
    ModelConfig config =
        parse(
            "{\"model_type\": \"qwen3_5\", \"image_token_id\": 248056, \"text_config\": {\"hidden_size\": 1024,"
                + " \"num_hidden_layers\": 8, \"num_attention_heads\": 8, \"num_key_value_heads\": 2,"
                + " \"head_dim\": 256, \"vocab_size\": 248320, \"full_attention_interval\": 4},"
                + " \"vision_config\": {\"patch_size\": 16, \"out_hidden_size\": 1024}}");
    assertEquals(List.of(3, 7), config.fullAttentionLayers());
  }

  @Test
  public void unknownModelType_namesTheKnownFamilies() {
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> parse("{\"model_type\": \"llama\"}"));
    assertEquals(
        "config.json: model_type: expected one of qwen3_vl, qwen2_vl, qwen2_5_vl, qwen3_5, qwen3, found llama",
        e.getMessage());
  }

  @Test
  public void missingField_namesItsPath() {
    InvalidPackageException e =
        assertThrows(
            InvalidPackageException.class,
            () -> parse("{\"model_type\": \"qwen3_vl\", \"text_config\": {\"hidden_size\": 8}}"));
    assertEquals("config.json: text_config.num_hidden_layers: missing", e.getMessage());
  }

  @Test
  public void publishedQwen2VlRope_sectionsCoverHalfTheHead() throws Exception {
    // Qwen2-VL-2B: mrope_section [16, 24, 24] over head_dim 128.
    String withRope =
        QWEN2_VL_2B.replace(
            "\"vocab_size\": 151936,",
            "\"vocab_size\": 151936, \"rms_norm_eps\": 1e-06, \"rope_theta\": 1000000.0,"
                + " \"rope_scaling\": {\"type\": \"mrope\", \"mrope_section\": [16, 24, 24]},"
                + " \"eos_token_id\": 151645, \"bos_token_id\": 151643,");
    assertEquals(128, parse(withRope).headDim());
  }

  @Test
  public void kvHeadsThatDoNotDivideTheHeads_areRefused() {
    assertEquals(
        "config.json: num_key_value_heads: expected a divisor of num_attention_heads 16, found 3",
        refusal(QWEN3_06B.replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 3")));
  }

  @Test
  public void unknownLayerType_namesTheEntry() {
    assertEquals(
        "config.json: layer_types[1]: expected \"full_attention\" or \"linear_attention\","
            + " found \"sliding\"",
        refusal(
            QWEN3_06B.replace(
                "\"num_hidden_layers\": 28",
                "\"num_hidden_layers\": 2, \"layer_types\": [\"full_attention\", \"sliding\"]")));
  }

  @Test
  public void listOfEosIds_eachCheckedAgainstTheVocabulary() {
    assertEquals(
        "config.json: eos_token_id[1]: expected a token id in 0..151935 (vocab_size 151936),"
            + " found -2",
        refusal(
            QWEN3_06B.replace(
                "\"head_dim\": 128,", "\"head_dim\": 128, \"eos_token_id\": [1, -2],")));
  }

  @Test
  public void negativeTopK_andMinPAboveOne_areRefusedInGenerationConfig() {
    assertEquals(
        "generation_config.json: top_k: expected a whole number >= 0, found -1",
        generationRefusal("{\"eos_token_id\": 2, \"top_k\": -1}"));
    assertEquals(
        "generation_config.json: min_p: expected a number in [0, 1], found 1.5",
        generationRefusal("{\"eos_token_id\": 2, \"min_p\": 1.5}"));
    assertEquals(
        "generation_config.json: eos_token_id[0]: expected a token id (a whole number >= 0),"
            + " found -1",
        generationRefusal("{\"eos_token_id\": [-1]}"));
  }

  private static String refusal(String json) {
    return assertThrows(InvalidPackageException.class, () -> parse(json)).getMessage();
  }

  private static String generationRefusal(String json) {
    return assertThrows(
            InvalidPackageException.class,
            () ->
                GenerationConfig.parse(
                    JsonFile.parse(new StringReader(json), GenerationConfig.FILE_NAME)))
        .getMessage();
  }

  private static ModelConfig parse(String json) throws InvalidPackageException {
    return ModelConfig.parse(JsonFile.parse(new StringReader(json), "config.json"));
  }
}
