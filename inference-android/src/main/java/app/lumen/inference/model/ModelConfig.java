package app.lumen.inference.model;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
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
  public static final String LINEAR_ATTENTION = "linear_attention";

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
    int kvHeads =
        file.optionalInt(text, "num_key_value_heads", at, v -> v > 0, JsonFile.POSITIVE)
            .orElse(heads);
    if (heads % kvHeads != 0) {
      throw file.problem(
          at + "num_key_value_heads",
          "expected a divisor of num_attention_heads " + heads + ", found " + kvHeads);
    }
    int headDim =
        file.optionalInt(text, "head_dim", at, v -> v > 0, JsonFile.POSITIVE)
            .orElse(hidden / heads);
    if (headDim <= 0) {
      throw file.problem(
          at + "num_attention_heads",
          "expected at most hidden_size "
              + hidden
              + " (head_dim is their quotient), found "
              + heads);
    }
    int vocab = positive(file, text, "vocab_size", at);
    int maxPositions =
        file.optionalInt(text, "max_position_embeddings", at, v -> v > 0, JsonFile.POSITIVE)
            .orElse(0);
    file.optionalInt(text, "intermediate_size", at, v -> v > 0, JsonFile.POSITIVE);
    file.optionalDouble(text, "rms_norm_eps", at, v -> v > 0, JsonFile.POSITIVE_NUMBER);
    file.optionalDouble(text, "rope_theta", at, v -> v > 0, JsonFile.POSITIVE_NUMBER);
    for (String rope : new String[] {"rope_scaling", "rope_parameters"}) {
      Optional<JsonObject> scaling = file.object(text, rope, at);
      if (scaling.isPresent()) {
        ropeParameters(file, scaling.get(), at + rope + ".", headDim);
      }
    }
    List<String> layerTypes = layerTypes(file, text, at, layers);
    tokenIds(file, root, "", vocab);
    if (textConfig.isPresent()) {
      tokenIds(file, text, at, vocab);
    }

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

  /** Token ids the model's config names: each must be a row of the embedding table. */
  private static final String[] TOKEN_ID_FIELDS = {
    "bos_token_id",
    "eos_token_id",
    "pad_token_id",
    "image_token_id",
    "video_token_id",
    "vision_start_token_id",
    "vision_end_token_id",
    "vision_token_id"
  };

  private static void tokenIds(JsonFile file, JsonObject in, String at, int vocab)
      throws InvalidPackageException {
    String expected = "a token id in 0.." + (vocab - 1) + " (vocab_size " + vocab + ")";
    for (String field : TOKEN_ID_FIELDS) {
      file.intOrIntList(in, field, at, id -> id >= 0 && id < vocab, expected);
    }
  }

  /**
   * M-RoPE splits each head's rotary frequencies among time, height and width: the sections must
   * cover the head_dim / 2 frequency pairs exactly, or positions rotate the wrong channels.
   */
  private static void ropeParameters(JsonFile file, JsonObject rope, String at, int headDim)
      throws InvalidPackageException {
    file.optionalDouble(rope, "rope_theta", at, v -> v > 0, JsonFile.POSITIVE_NUMBER);
    file.optionalDouble(rope, "factor", at, v -> v > 0, JsonFile.POSITIVE_NUMBER);
    int[] sections =
        file.intOrIntList(rope, "mrope_section", at, v -> v >= 0, JsonFile.NON_NEGATIVE);
    if (sections.length == 0) {
      return;
    }
    int sum = 0;
    for (int section : sections) {
      sum += section;
    }
    if (sum != headDim / 2) {
      throw file.problem(
          at + "mrope_section",
          "entries sum to "
              + sum
              + ", expected head_dim / 2 = "
              + headDim / 2
              + " (one section per rotary frequency pair)");
    }
  }

  private static VisionConfig vision(
      JsonFile file, JsonObject v, ModelFamily family, int textHidden)
      throws InvalidPackageException {
    String at = "vision_config.";
    int patch = positive(file, v, "patch_size", at);
    int temporal = optionalPositive(file, v, "temporal_patch_size", at).orElse(2);
    int merge = optionalPositive(file, v, "spatial_merge_size", at).orElse(2);
    int channels =
        optionalPositive(file, v, "in_channels", at)
            .orElse(optionalPositive(file, v, "in_chans", at).orElse(3));
    // Qwen2-VL names the merger's output width hidden_size; later families say out_hidden_size.
    int hidden = optionalPositive(file, v, "hidden_size", at).orElse(textHidden);
    int out =
        family == ModelFamily.QWEN2_VL
            ? hidden
            : optionalPositive(file, v, "out_hidden_size", at).orElse(textHidden);
    for (String size :
        new String[] {
          "embed_dim", "intermediate_size", "num_heads", "num_position_embeddings", "window_size"
        }) {
      optionalPositive(file, v, size, at);
    }
    Optional<Integer> depth = optionalPositive(file, v, "depth", at);
    String block =
        depth.isPresent()
            ? "a block index in 0.." + (depth.get() - 1) + " (depth " + depth.get() + ")"
            : JsonFile.NON_NEGATIVE;
    int blocks = depth.orElse(Integer.MAX_VALUE);
    file.intOrIntList(v, "fullatt_block_indexes", at, i -> i >= 0 && i < blocks, block);
    List<Integer> deepstack = new ArrayList<>();
    for (int index :
        file.intOrIntList(v, "deepstack_visual_indexes", at, i -> i >= 0 && i < blocks, block)) {
      deepstack.add(index);
    }
    return new VisionConfig(patch, temporal, merge, channels, out, List.copyOf(deepstack));
  }

  private static List<String> layerTypes(JsonFile file, JsonObject text, String at, int layers)
      throws InvalidPackageException {
    List<String> types = file.stringList(text, "layer_types", at);
    if (!types.isEmpty() || text.has("layer_types") && !text.get("layer_types").isJsonNull()) {
      for (int i = 0; i < types.size(); i++) {
        if (!types.get(i).equals(FULL_ATTENTION) && !types.get(i).equals(LINEAR_ATTENTION)) {
          throw file.problem(
              at + "layer_types[" + i + "]",
              "expected \""
                  + FULL_ATTENTION
                  + "\" or \""
                  + LINEAR_ATTENTION
                  + "\", found \""
                  + types.get(i)
                  + "\"");
        }
      }
      if (types.size() != layers) {
        throw file.problem(
            at + "layer_types",
            "expected " + layers + " entries (num_hidden_layers), found " + types.size());
      }
      return types;
    }
    Optional<Integer> interval = optionalPositive(file, text, "full_attention_interval", at);
    for (int i = 0; i < layers; i++) {
      boolean full = !interval.isPresent() || (i + 1) % interval.get() == 0;
      types.add(full ? FULL_ATTENTION : LINEAR_ATTENTION);
    }
    return types;
  }

  private static int positive(JsonFile file, JsonObject in, String field, String at)
      throws InvalidPackageException {
    return file.requireInt(in, field, at, v -> v > 0, JsonFile.POSITIVE);
  }

  private static Optional<Integer> optionalPositive(
      JsonFile file, JsonObject in, String field, String at) throws InvalidPackageException {
    return file.optionalInt(in, field, at, v -> v > 0, JsonFile.POSITIVE);
  }
}
