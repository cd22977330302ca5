package app.lumen.inference.model;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the engine needs from a model's {@code config.json}. Qwen3-VL and Qwen3.5 nest the decoder
 * under {@code text_config}; Qwen2-VL, Qwen2.5-VL and Qwen3 keep it at the top level. Immutable.
 *
 * @param layerTypes per decoder layer, {@code "full_attention"} or {@code "linear_attention"} (all
 *     full unless the config says otherwise, as in Qwen3.5)
 * @param imageTokenId the {@code <|image_pad|>} id, or -1 for text-only models
 * @param vision the vision tower, or null for text-only models
 */
public record ModelConfig(
    ModelFamily family,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    int vocabSize,
    int maxPositionEmbeddings,
    List<String> layerTypes,
    int imageTokenId,
    VisionConfig vision) {

  public static final String FILE_NAME = "config.json";
  public static final String FULL_ATTENTION = "full_attention";

  /**
   * The vision tower's shape.
   *
   * @param outHiddenSize width of the features the encoder hands to the decoder
   * @param deepstackVisualIndexes vision blocks whose features are added to the first decoder
   *     layers (Qwen3-VL's DeepStack); empty when the model has none
   */
  public record VisionConfig(
      int patchSize,
      int temporalPatchSize,
      int spatialMergeSize,
      int inChannels,
      int outHiddenSize,
      List<Integer> deepstackVisualIndexes) {

    /** Values per patch row of {@code pixel_values}: channels x frames x patch x patch. */
    public int patchValues() {
      return inChannels * temporalPatchSize * patchSize * patchSize;
    }
  }

  public ModelConfig {
    layerTypes = List.copyOf(layerTypes);
  }

  public Optional<VisionConfig> visionConfig() {
    return Optional.ofNullable(vision);
  }

  /** Indexes of the layers with a KV cache (all layers except Qwen3.5's linear-attention ones). */
  public List<Integer> fullAttentionLayers() {
    List<Integer> layers = new ArrayList<>();
    for (int i = 0; i < layerTypes.size(); i++) {
      if (layerTypes.get(i).equals(FULL_ATTENTION)) {
        layers.add(i);
      }
    }
    return Collections.unmodifiableList(layers);
  }

  public static ModelConfig parse(JsonFile file) throws InvalidPackageException {
    JsonObject root = file.root();
    String modelType =
        file.optionalString(root, "model_type", "")
            .orElseThrow(() -> file.problem("model_type", "missing"));
    ModelFamily family = ModelFamily.of(modelType, file.name() + ": model_type");
    Optional<JsonObject> textConfig = file.object(root, "text_config", "");
    JsonObject text = textConfig.orElse(root);
    String at = textConfig.isPresent() ? "text_config." : "";

    int hidden = positive(file, text, "hidden_size", at);
    int layers = positive(file, text, "num_hidden_layers", at);
    int heads = positive(file, text, "num_attention_heads", at);
    int kvHeads = file.optionalInt(text, "num_key_value_heads", at).orElse(heads);
    int headDim = file.optionalInt(text, "head_dim", at).orElse(hidden / heads);
    int vocab = positive(file, text, "vocab_size", at);
    int maxPositions = file.optionalInt(text, "max_position_embeddings", at).orElse(0);
    List<String> layerTypes = layerTypes(file, text, at, layers);

    int imageTokenId =
        file.optionalInt(root, "image_token_id", "")
            .orElse(file.optionalInt(text, "image_token_id", at).orElse(-1));
    VisionConfig vision = null;
    if (family.hasVision()) {
      JsonObject v =
          file.object(root, "vision_config", "")
              .orElseThrow(
                  () ->
                      file.problem(
                          "vision_config",
                          "missing (a " + modelType + " model has a vision tower)"));
      vision = vision(file, v, family, hidden);
      if (imageTokenId < 0) {
        throw file.problem("image_token_id", "missing");
      }
    }
    return new ModelConfig(
        family,
        hidden,
        layers,
        heads,
        kvHeads,
        headDim,
        vocab,
        maxPositions,
        layerTypes,
        imageTokenId,
        vision);
  }

  private static VisionConfig vision(
      JsonFile file, JsonObject v, ModelFamily family, int textHidden)
      throws InvalidPackageException {
    String at = "vision_config.";
    int patch = positive(file, v, "patch_size", at);
    int temporal = file.optionalInt(v, "temporal_patch_size", at).orElse(2);
    int merge = file.optionalInt(v, "spatial_merge_size", at).orElse(2);
    int channels =
        file.optionalInt(v, "in_channels", at)
            .orElse(file.optionalInt(v, "in_chans", at).orElse(3));
    // Qwen2-VL names the merger's output width hidden_size; later families say out_hidden_size.
    int out =
        family == ModelFamily.QWEN2_VL
            ? file.optionalInt(v, "hidden_size", at).orElse(textHidden)
            : file.optionalInt(v, "out_hidden_size", at).orElse(textHidden);
    List<Integer> deepstack = new ArrayList<>();
    for (int index : file.intOrIntList(v, "deepstack_visual_indexes", at)) {
      deepstack.add(index);
    }
    return new VisionConfig(patch, temporal, merge, channels, out, List.copyOf(deepstack));
  }

  private static List<String> layerTypes(JsonFile file, JsonObject text, String at, int layers)
      throws InvalidPackageException {
    List<String> types = new ArrayList<>();
    JsonElement declared = text.get("layer_types");
    if (declared != null && declared.isJsonArray()) {
      for (JsonElement type : declared.getAsJsonArray()) {
        types.add(type.getAsString());
      }
      if (types.size() != layers) {
        throw file.problem(
            at + "layer_types",
            "expected " + layers + " entries (num_hidden_layers), found " + types.size());
      }
      return types;
    }
    Optional<Integer> interval = file.optionalInt(text, "full_attention_interval", at);
    for (int i = 0; i < layers; i++) {
      boolean full = !interval.isPresent() || (i + 1) % interval.get() == 0;
      types.add(full ? FULL_ATTENTION : "linear_attention");
    }
    return types;
  }

  private static int positive(JsonFile file, JsonObject in, String field, String at)
      throws InvalidPackageException {
    int value = file.requireInt(in, field, at);
    if (value <= 0) {
      throw file.problem(at + field, "expected a positive number, found " + value);
    }
    return value;
  }
}
