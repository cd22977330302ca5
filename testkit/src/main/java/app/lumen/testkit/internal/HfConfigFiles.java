package app.lumen.testkit.internal;

import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.QwenTokenizerFormat;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * The Hugging Face JSON files of a package ({@code config.json}, {@code generation_config.json},
 * {@code preprocessor_config.json}, {@code tokenizer_config.json}), laid out as the real Qwen
 * repositories lay them out: Qwen3-VL nests the decoder under {@code text_config}, Qwen2-VL and
 * Qwen2.5-VL keep it at the top level. Token ids come from the generated tokenizer.
 */
public final class HfConfigFiles {
  private HfConfigFiles() {}

  /** The small vision tower described in config.json (its graph is generated separately). */
  public record VisionShape(
      int depth,
      int hiddenSize,
      int intermediateSize,
      int numHeads,
      int numPositionEmbeddings,
      int[] deepstackIndexes) {
    /** ViT block i feeds decoder layer i. */
    public static VisionShape tiny() {
      return new VisionShape(3, 32, 64, 2, 256, new int[] {0, 1});
    }

    /** Qwen3-VL-2B/4B's vision tower. */
    public static VisionShape qwen3Vl2b4b() {
      return new VisionShape(24, 1024, 4096, 16, 2304, new int[] {5, 11, 17});
    }
  }

  public static JsonObject config(TextArchitecture a, VisionShape vision, AddedTokens tok) {
    return a.family() == ModelFamily.QWEN3_VL
        ? qwen3Config(a, vision, tok)
        : qwen2Config(a, vision, tok);
  }

  private static JsonObject qwen3Config(TextArchitecture a, VisionShape vision, AddedTokens tok) {
    JsonObject c = new JsonObject();
    c.add("architectures", strings("Qwen3VLForConditionalGeneration"));
    c.addProperty("image_token_id", tok.id(QwenTokenizerFormat.IMAGE_PAD));
    c.addProperty("model_type", ModelFamily.QWEN3_VL.id());
    JsonObject text = new JsonObject();
    text.addProperty("attention_bias", false);
    text.addProperty("attention_dropout", 0.0);
    text.addProperty("bos_token_id", tok.id(QwenTokenizerFormat.END_OF_TEXT));
    text.addProperty("dtype", "float32");
    text.addProperty("eos_token_id", tok.id(QwenTokenizerFormat.IM_END));
    text.addProperty("head_dim", a.headDim());
    text.addProperty("hidden_act", "silu");
    text.addProperty("hidden_size", a.hiddenSize());
    text.addProperty("initializer_range", 0.02);
    text.addProperty("intermediate_size", a.intermediateSize());
    text.addProperty("max_position_embeddings", a.maxPositionEmbeddings());
    text.addProperty("model_type", "qwen3_vl_text");
    text.addProperty("num_attention_heads", a.numHeads());
    text.addProperty("num_hidden_layers", a.numLayers());
    text.addProperty("num_key_value_heads", a.numKvHeads());
    text.addProperty("rms_norm_eps", a.rmsNormEps());
    JsonObject rope = new JsonObject();
    rope.addProperty("mrope_interleaved", true);
    rope.add("mrope_section", ints(a.mropeSection()));
    rope.addProperty("rope_type", "default");
    text.add("rope_scaling", rope);
    text.addProperty("rope_theta", a.ropeTheta());
    text.addProperty("tie_word_embeddings", a.tiedEmbeddings());
    text.addProperty("use_cache", true);
    text.addProperty("vocab_size", a.vocabSize());
    c.add("text_config", text);
    c.addProperty("tie_word_embeddings", a.tiedEmbeddings());
    c.addProperty("video_token_id", tok.id(QwenTokenizerFormat.VIDEO_PAD));
    JsonObject v = new JsonObject();
    v.add("deepstack_visual_indexes", ints(vision.deepstackIndexes()));
    v.addProperty("depth", vision.depth());
    v.addProperty("hidden_act", "gelu_pytorch_tanh");
    v.addProperty("hidden_size", vision.hiddenSize());
    v.addProperty("in_channels", 3);
    v.addProperty("initializer_range", 0.02);
    v.addProperty("intermediate_size", vision.intermediateSize());
    v.addProperty("model_type", ModelFamily.QWEN3_VL.id());
    v.addProperty("num_heads", vision.numHeads());
    v.addProperty("num_position_embeddings", vision.numPositionEmbeddings());
    v.addProperty("out_hidden_size", a.hiddenSize());
    v.addProperty("patch_size", 16);
    v.addProperty("spatial_merge_size", 2);
    v.addProperty("temporal_patch_size", 2);
    c.add("vision_config", v);
    c.addProperty("vision_end_token_id", tok.id(QwenTokenizerFormat.VISION_END));
    c.addProperty("vision_start_token_id", tok.id(QwenTokenizerFormat.VISION_START));
    return c;
  }

  private static JsonObject qwen2Config(TextArchitecture a, VisionShape vision, AddedTokens tok) {
    boolean v25 = a.family() == ModelFamily.QWEN2_5_VL;
    JsonObject c = new JsonObject();
    c.add(
        "architectures",
        strings(v25 ? "Qwen2_5_VLForConditionalGeneration" : "Qwen2VLForConditionalGeneration"));
    c.addProperty("attention_dropout", 0.0);
    c.addProperty("bos_token_id", tok.id(QwenTokenizerFormat.END_OF_TEXT));
    c.addProperty("eos_token_id", tok.id(QwenTokenizerFormat.IM_END));
    c.addProperty("vision_start_token_id", tok.id(QwenTokenizerFormat.VISION_START));
    c.addProperty("vision_end_token_id", tok.id(QwenTokenizerFormat.VISION_END));
    c.addProperty("vision_token_id", tok.id(QwenTokenizerFormat.VISION_PAD));
    c.addProperty("image_token_id", tok.id(QwenTokenizerFormat.IMAGE_PAD));
    c.addProperty("video_token_id", tok.id(QwenTokenizerFormat.VIDEO_PAD));
    c.addProperty("hidden_act", "silu");
    c.addProperty("hidden_size", a.hiddenSize());
    c.addProperty("initializer_range", 0.02);
    c.addProperty("intermediate_size", a.intermediateSize());
    c.addProperty("max_position_embeddings", a.maxPositionEmbeddings());
    c.addProperty("max_window_layers", a.numLayers());
    c.addProperty("model_type", a.family().id());
    c.addProperty("num_attention_heads", a.numHeads());
    c.addProperty("num_hidden_layers", a.numLayers());
    c.addProperty("num_key_value_heads", a.numKvHeads());
    c.addProperty("rms_norm_eps", a.rmsNormEps());
    c.addProperty("rope_theta", a.ropeTheta());
    c.addProperty("sliding_window", a.maxPositionEmbeddings());
    c.addProperty("tie_word_embeddings", a.tiedEmbeddings());
    c.addProperty("torch_dtype", "float32");
    c.addProperty("use_cache", true);
    c.addProperty("use_sliding_window", false);
    JsonObject v = new JsonObject();
    v.addProperty("depth", vision.depth());
    if (v25) {
      v.addProperty("hidden_act", "silu");
      v.addProperty("hidden_size", vision.hiddenSize());
      v.addProperty("intermediate_size", vision.intermediateSize());
      v.addProperty("out_hidden_size", a.hiddenSize());
      v.addProperty("window_size", 112);
      v.add("fullatt_block_indexes", ints(new int[] {vision.depth() - 1}));
      v.addProperty("tokens_per_second", 2);
    } else {
      v.addProperty("embed_dim", vision.hiddenSize());
      v.addProperty("mlp_ratio", vision.intermediateSize() / vision.hiddenSize());
      v.addProperty("hidden_size", a.hiddenSize());
    }
    v.addProperty("num_heads", vision.numHeads());
    v.addProperty("in_chans", 3);
    v.addProperty("patch_size", 14);
    v.addProperty("spatial_merge_size", 2);
    v.addProperty("temporal_patch_size", 2);
    c.add("vision_config", v);
    JsonObject rope = new JsonObject();
    rope.addProperty("type", "mrope");
    rope.add("mrope_section", ints(a.mropeSection()));
    c.add("rope_scaling", rope);
    c.addProperty("vocab_size", a.vocabSize());
    return c;
  }

  /** Sampling defaults as the Instruct models publish them; stop on im_end and endoftext. */
  public static JsonObject generationConfig(ModelFamily family, AddedTokens tok) {
    JsonObject g = new JsonObject();
    g.addProperty("bos_token_id", tok.id(QwenTokenizerFormat.END_OF_TEXT));
    g.addProperty("pad_token_id", tok.id(QwenTokenizerFormat.END_OF_TEXT));
    g.addProperty("do_sample", true);
    JsonArray eos = new JsonArray();
    eos.add(tok.id(QwenTokenizerFormat.IM_END));
    eos.add(tok.id(QwenTokenizerFormat.END_OF_TEXT));
    g.add("eos_token_id", eos);
    if (family == ModelFamily.QWEN3_VL) {
      g.addProperty("top_k", 20);
      g.addProperty("top_p", 0.8);
      g.addProperty("repetition_penalty", 1.0);
      g.addProperty("temperature", 0.7);
    } else {
      g.addProperty("top_k", 1);
      g.addProperty("top_p", 0.001);
      g.addProperty("repetition_penalty", 1.05);
      g.addProperty("temperature", 0.1);
    }
    return g;
  }

  /** Qwen3-VL's processor values, or Qwen2-VL's (14-px patches, CLIP normalisation). */
  public static JsonObject preprocessorConfig(ModelFamily family) {
    JsonObject p = new JsonObject();
    if (family == ModelFamily.QWEN3_VL) {
      JsonObject size = new JsonObject();
      size.addProperty("longest_edge", 16777216);
      size.addProperty("shortest_edge", 65536);
      p.add("size", size);
      p.addProperty("patch_size", 16);
      p.addProperty("temporal_patch_size", 2);
      p.addProperty("merge_size", 2);
      p.add("image_mean", doubles(0.5, 0.5, 0.5));
      p.add("image_std", doubles(0.5, 0.5, 0.5));
      p.addProperty("processor_class", "Qwen3VLProcessor");
      p.addProperty("image_processor_type", "Qwen2VLImageProcessorFast");
    } else {
      p.addProperty("min_pixels", 3136);
      p.addProperty("max_pixels", 12845056);
      p.addProperty("patch_size", 14);
      p.addProperty("temporal_patch_size", 2);
      p.addProperty("merge_size", 2);
      p.add("image_mean", doubles(0.48145466, 0.4578275, 0.40821073));
      p.add("image_std", doubles(0.26862954, 0.26130258, 0.27577711));
      p.addProperty("image_processor_type", "Qwen2VLImageProcessor");
      p.addProperty(
          "processor_class",
          family == ModelFamily.QWEN2_5_VL ? "Qwen2_5_VLProcessor" : "Qwen2VLProcessor");
    }
    return p;
  }

  public static JsonObject tokenizerConfig(AddedTokens tok, int modelMaxLength) {
    JsonObject t = new JsonObject();
    t.addProperty("add_bos_token", false);
    t.addProperty("add_prefix_space", false);
    JsonObject decoder = new JsonObject();
    JsonArray additional = new JsonArray();
    for (AddedTokens.Token e : tok.tokens()) {
      JsonObject a = new JsonObject();
      a.addProperty("content", e.content());
      a.addProperty("lstrip", false);
      a.addProperty("normalized", false);
      a.addProperty("rstrip", false);
      a.addProperty("single_word", false);
      a.addProperty("special", e.special());
      decoder.add(Integer.toString(e.id()), a);
      if (e.special() && !e.content().equals(QwenTokenizerFormat.END_OF_TEXT)) {
        additional.add(e.content());
      }
    }
    t.add("added_tokens_decoder", decoder);
    t.add("additional_special_tokens", additional);
    t.add("bos_token", JsonNull.INSTANCE);
    t.addProperty("clean_up_tokenization_spaces", false);
    t.addProperty("eos_token", QwenTokenizerFormat.IM_END);
    t.addProperty("errors", "replace");
    t.addProperty("model_max_length", modelMaxLength);
    t.addProperty("pad_token", QwenTokenizerFormat.END_OF_TEXT);
    t.addProperty("split_special_tokens", false);
    t.addProperty("tokenizer_class", "Qwen2Tokenizer");
    t.add("unk_token", JsonNull.INSTANCE);
    return t;
  }

  private static JsonArray strings(String... values) {
    JsonArray a = new JsonArray();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }

  private static JsonArray ints(int[] values) {
    JsonArray a = new JsonArray();
    for (int v : values) {
      a.add(v);
    }
    return a;
  }

  private static JsonArray doubles(double... values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }
}
