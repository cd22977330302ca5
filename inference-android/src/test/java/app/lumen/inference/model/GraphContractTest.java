package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.model.TensorSpec.ElementType;
import app.lumen.inference.model.internal.JsonFile;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The graph contract on hand-written signatures (no ONNX Runtime needed). */
public class GraphContractTest {
  private static final long Q = -1;

  @Test
  public void qwen2VlVision_expectsGridThw_andSaysSoWhenGivenImageGridThw() throws Exception {
    ModelConfig config =
        ModelConfig.parse(
            JsonFile.parse(
                new StringReader(
                    "{\"model_type\": \"qwen2_vl\", \"hidden_size\": 64, \"num_hidden_layers\": 1,"
                        + " \"num_attention_heads\": 4, \"vocab_size\": 100, \"image_token_id\": 99,"
                        + " \"vision_config\": {\"patch_size\": 14, \"hidden_size\": 64}}"),
                "config.json"));
    Map<String, TensorSpec> outputs = specs(spec("image_features", ElementType.FLOAT, Q, 64));
    assertEquals(
        List.of(),
        GraphContract.problems(
            "vision",
            config,
            specs(
                spec("pixel_values", ElementType.FLOAT, Q, 1176),
                spec("grid_thw", ElementType.INT64, Q, 3)),
            outputs));
    assertEquals(
        List.of(
            "input grid_thw: missing (found image_grid_thw; qwen2_vl vision graphs name it grid_thw)"),
        GraphContract.problems(
            "vision",
            config,
            specs(
                spec("pixel_values", ElementType.FLOAT, Q, 1176),
                spec("image_grid_thw", ElementType.INT64, Q, 3)),
            outputs));
  }

  @Test
  public void visionDeepstackOutput_mustHaveTheFeatureWidth() throws Exception {
    ModelConfig config =
        ModelConfig.parse(
            JsonFile.parse(
                new StringReader(
                    "{\"model_type\": \"qwen3_vl\", \"image_token_id\": 9, \"text_config\": {\"hidden_size\": 32,"
                        + " \"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"vocab_size\": 100},"
                        + " \"vision_config\": {\"patch_size\": 16, \"out_hidden_size\": 32,"
                        + " \"deepstack_visual_indexes\": [5, 11, 17]}}"),
                "config.json"));
    Map<String, TensorSpec> inputs =
        specs(
            spec("pixel_values", ElementType.FLOAT, Q, 1536),
            spec("image_grid_thw", ElementType.INT64, Q, 3));
    assertEquals(
        List.of(),
        GraphContract.problems(
            "vision",
            config,
            inputs,
            specs(
                spec("image_features", ElementType.FLOAT, Q, 32),
                spec("deepstack_features", ElementType.FLOAT, 3, Q, 32))));
    assertEquals(
        List.of(
            "output deepstack_features: shape [3, ?, 64], expected [?, ?, 32] (vision out_hidden_size 32)"),
        GraphContract.problems(
            "vision",
            config,
            inputs,
            specs(
                spec("image_features", ElementType.FLOAT, Q, 32),
                spec("deepstack_features", ElementType.FLOAT, 3, Q, 64))));
  }

  @Test
  public void textOnlyQwen3Decoder_isFedInputIdsWithOneDimensionalPositions() throws Exception {
    ModelConfig config = qwen3TextConfig();
    Map<String, TensorSpec> inputs =
        specs(
            spec("input_ids", ElementType.INT64, Q, Q),
            spec("attention_mask", ElementType.INT64, Q, Q),
            spec("position_ids", ElementType.INT64, Q, Q),
            spec("past_key_values.0.key", ElementType.FLOAT16, Q, 2, Q, 8),
            spec("past_key_values.0.value", ElementType.FLOAT16, Q, 2, Q, 8));
    Map<String, TensorSpec> outputs =
        specs(
            spec("logits", ElementType.FLOAT16, Q, Q, 100),
            spec("present.0.key", ElementType.FLOAT16, Q, 2, Q, 8),
            spec("present.0.value", ElementType.FLOAT, Q, 2, Q, 8));
    assertEquals(
        List.of(
            "output present.0.value: float32 [?, 2, ?, 8], expected the layout of past_key_values.0.value"
                + " (float16 [?, 2, ?, 8]; the cache is fed back as it comes out)"),
        GraphContract.problems("decoder", config, inputs, outputs));
  }

  @Test
  public void controlInputsTheEngineFeeds_areAccepted_andOthersAreNamed() throws Exception {
    ModelConfig config = qwen3TextConfig();
    Map<String, TensorSpec> inputs =
        specs(
            spec("input_ids", ElementType.INT64, Q, Q),
            spec("attention_mask", ElementType.INT64, Q, Q),
            spec("position_ids", ElementType.INT64, Q, Q),
            spec("past_key_values.0.key", ElementType.FLOAT, Q, 2, Q, 8),
            spec("past_key_values.0.value", ElementType.FLOAT, Q, 2, Q, 8),
            spec("use_cache_branch", ElementType.OTHER, 1),
            spec("logits_to_keep", ElementType.INT64),
            spec("cache_position", ElementType.INT64, Q),
            spec("token_type_ids", ElementType.INT64, Q, Q));
    Map<String, TensorSpec> outputs =
        specs(
            spec("logits", ElementType.FLOAT, Q, Q, 100),
            spec("present.0.key", ElementType.FLOAT, Q, 2, Q, 8),
            spec("present.0.value", ElementType.FLOAT, Q, 2, Q, 8));
    List<String> problems = GraphContract.problems("decoder", config, inputs, outputs);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0), problems.get(0).contains("token_type_ids"));
  }

  @Test
  public void wrongVocabularyInLogits_namesVocabSize() throws Exception {
    ModelConfig config =
        ModelConfig.parse(
            JsonFile.parse(
                new StringReader(
                    "{\"model_type\": \"qwen3\", \"hidden_size\": 32, \"num_hidden_layers\": 1,"
                        + " \"num_attention_heads\": 4, \"vocab_size\": 100}"),
                "config.json"));
    Map<String, TensorSpec> inputs =
        specs(
            spec("input_ids", ElementType.INT64, Q, Q),
            spec("attention_mask", ElementType.INT64, Q, Q),
            spec("position_ids", ElementType.INT64, Q, Q),
            spec("past_key_values.0.key", ElementType.FLOAT, Q, 4, Q, 8),
            spec("past_key_values.0.value", ElementType.FLOAT, Q, 4, Q, 8));
    Map<String, TensorSpec> outputs =
        specs(
            spec("logits", ElementType.FLOAT, Q, Q, 128),
            spec("present.0.key", ElementType.FLOAT, Q, 4, Q, 8),
            spec("present.0.value", ElementType.FLOAT, Q, 4, Q, 8));
    assertEquals(
        List.of("output logits: shape [?, ?, 128], expected [?, ?, 100] (vocab_size 100)"),
        GraphContract.problems("decoder", config, inputs, outputs));
  }

  /** A one-layer text-only Qwen3: 2 KV heads of width 8, vocabulary 100. */
  private static ModelConfig qwen3TextConfig() throws Exception {
    return ModelConfig.parse(
        JsonFile.parse(
            new StringReader(
                "{\"model_type\": \"qwen3\", \"hidden_size\": 32, \"num_hidden_layers\": 1,"
                    + " \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"head_dim\": 8, \"vocab_size\": 100}"),
            "config.json"));
  }

  private static TensorSpec spec(String name, ElementType type, long... shape) {
    return new TensorSpec(name, type, shape);
  }

  private static Map<String, TensorSpec> specs(TensorSpec... specs) {
    Map<String, TensorSpec> map = new LinkedHashMap<>();
    for (TensorSpec spec : specs) {
      map.put(spec.name(), spec);
    }
    return map;
  }
}
