package app.lumen.inference.model;

import app.lumen.pkg.FileDigests;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import app.lumen.testkit.onnx.Tensor;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a small but complete Qwen3-VL-layout package (manifest with sizes and SHA-256, Hugging
 * Face JSON files, a byte-level tokenizer, and ONNX graphs with the transformers.js signatures
 * written by the test kit's ONNX writer) and lets a test break one thing in it.
 */
final class TestPackage {
  static final int HIDDEN = 16;
  static final int LAYERS = 2;
  static final int HEADS = 2;
  static final int KV_HEADS = 1;
  static final int HEAD_DIM = 8;
  static final int VOCAB = 320;
  static final int PATCH_VALUES = 3 * 2 * 16 * 16;
  static final String DECODER = "onnx/decoder_model_merged.onnx";
  static final String EMBED = "onnx/embed_tokens.onnx";
  static final String VISION = "onnx/vision_encoder.onnx";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  static final String[] ADDED = {
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|image_pad|>",
    "<think>",
    "</think>"
  };

  /** What the generated decoder graph declares; tests change one field to break it. */
  static final class DecoderShape {
    String embedsInput = "inputs_embeds";
    int layers = LAYERS;
    int kvHeads = KV_HEADS;
    int headDim = HEAD_DIM;
    DataType kvType = DataType.FLOAT;
    boolean deepstack = false;
  }

  private TestPackage() {}

  static Path write(Path dir) throws IOException {
    return write(dir, new DecoderShape(), null);
  }

  static Path write(Path dir, DecoderShape decoder, String chatTemplate) throws IOException {
    Files.createDirectories(dir.resolve("onnx"));
    json(dir.resolve("config.json"), config());
    json(dir.resolve("generation_config.json"), generationConfig());
    json(dir.resolve("preprocessor_config.json"), preprocessorConfig());
    json(dir.resolve("tokenizer.json"), tokenizer());
    json(dir.resolve("tokenizer_config.json"), tokenizerConfig(chatTemplate));
    new OnnxModel(embedGraph()).writeTo(dir.resolve(EMBED));
    new OnnxModel(decoderGraph(decoder)).writeTo(dir.resolve(DECODER));
    new OnnxModel(visionGraph()).writeTo(dir.resolve(VISION));
    writeManifest(dir);
    return dir;
  }

  /** Rewrites the manifest so sizes and hashes match the files on disk (after a test edits one). */
  static void writeManifest(Path dir) throws IOException {
    List<PackageFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
        String name = dir.relativize(path).toString().replace('\\', '/');
        if (Files.isRegularFile(path) && !name.equals(PackageManifest.FILE_NAME)) {
          files.add(PackageFile.withSha256(name, Files.size(path), FileDigests.sha256(path)));
        }
      }
    }
    try {
      PackageManifest.builder("tiny-test", "qwen3_vl")
          .graph(PackageManifest.ROLE_EMBED, EMBED)
          .graph(PackageManifest.ROLE_DECODER, DECODER)
          .graph(PackageManifest.ROLE_VISION, VISION)
          .files(files)
          .build()
          .writeTo(dir);
    } catch (app.lumen.pkg.InvalidPackageException e) {
      throw new IOException(e);
    }
  }

  static void json(Path file, JsonObject value) throws IOException {
    Files.writeString(file, GSON.toJson(value), StandardCharsets.UTF_8);
  }

  static int addedId(String token) {
    for (int i = 0; i < ADDED.length; i++) {
      if (ADDED[i].equals(token)) {
        return 256 + i;
      }
    }
    throw new IllegalArgumentException(token);
  }

  static JsonObject config() {
    JsonObject text = new JsonObject();
    text.addProperty("hidden_size", HIDDEN);
    text.addProperty("num_hidden_layers", LAYERS);
    text.addProperty("num_attention_heads", HEADS);
    text.addProperty("num_key_value_heads", KV_HEADS);
    text.addProperty("head_dim", HEAD_DIM);
    text.addProperty("vocab_size", VOCAB);
    text.addProperty("max_position_embeddings", 4096);
    text.addProperty("model_type", "qwen3_vl_text");
    JsonObject vision = new JsonObject();
    vision.addProperty("patch_size", 16);
    vision.addProperty("temporal_patch_size", 2);
    vision.addProperty("spatial_merge_size", 2);
    vision.addProperty("in_channels", 3);
    vision.addProperty("out_hidden_size", HIDDEN);
    JsonArray deepstack = new JsonArray();
    deepstack.add(0);
    deepstack.add(1);
    vision.add("deepstack_visual_indexes", deepstack);
    JsonObject config = new JsonObject();
    config.addProperty("model_type", "qwen3_vl");
    config.add("text_config", text);
    config.add("vision_config", vision);
    config.addProperty("image_token_id", addedId("<|image_pad|>"));
    return config;
  }

  static JsonObject generationConfig() {
    JsonObject g = new JsonObject();
    JsonArray eos = new JsonArray();
    eos.add(addedId("<|im_end|>"));
    eos.add(addedId("<|endoftext|>"));
    g.add("eos_token_id", eos);
    g.addProperty("do_sample", true);
    g.addProperty("temperature", 0.7);
    g.addProperty("top_k", 20);
    g.addProperty("top_p", 0.8);
    return g;
  }

  static JsonObject preprocessorConfig() {
    JsonObject p = new JsonObject();
    JsonObject size = new JsonObject();
    size.addProperty("shortest_edge", 65536);
    size.addProperty("longest_edge", 16777216);
    p.add("size", size);
    p.addProperty("patch_size", 16);
    p.addProperty("temporal_patch_size", 2);
    p.addProperty("merge_size", 2);
    JsonArray half = new JsonArray();
    half.add(0.5);
    half.add(0.5);
    half.add(0.5);
    p.add("image_mean", half);
    p.add("image_std", half.deepCopy());
    return p;
  }

  static JsonObject tokenizerConfig(String chatTemplate) {
    JsonObject t = new JsonObject();
    t.addProperty("tokenizer_class", "Qwen2Tokenizer");
    t.addProperty("eos_token", "<|im_end|>");
    t.addProperty("pad_token", "<|endoftext|>");
    t.addProperty("add_bos_token", false);
    if (chatTemplate != null) {
      t.addProperty("chat_template", chatTemplate);
    }
    return t;
  }

  /** 256 byte tokens, no merges, the ChatML and vision added tokens (ids 256 and up). */
  static JsonObject tokenizer() {
    JsonObject vocab = new JsonObject();
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
      vocab.addProperty(String.valueOf(printable ? (char) b : (char) (256 + shifted++)), b);
    }
    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("vocab", vocab);
    model.add("merges", new JsonArray());
    JsonArray added = new JsonArray();
    for (String token : ADDED) {
      JsonObject a = new JsonObject();
      a.addProperty("id", addedId(token));
      a.addProperty("content", token);
      a.addProperty("special", !token.contains("think"));
      added.add(a);
    }
    JsonObject preTokenizer = new JsonObject();
    preTokenizer.addProperty("type", "ByteLevel");
    preTokenizer.addProperty("add_prefix_space", false);
    JsonObject decoder = new JsonObject();
    decoder.addProperty("type", "ByteLevel");
    JsonObject root = new JsonObject();
    root.add("added_tokens", added);
    root.add("pre_tokenizer", preTokenizer);
    root.add("decoder", decoder);
    root.add("model", model);
    return root;
  }

  static OnnxGraph embedGraph() {
    OnnxGraph g = new OnnxGraph("embed");
    String ids = g.input("input_ids", DataType.INT64, "batch", "seq");
    String table =
        g.initializer(
            Tensor.float32("table", new long[] {VOCAB, HIDDEN}, new float[VOCAB * HIDDEN]));
    g.output(
        g.op("Gather", table, ids).attr("axis", 0L).output("inputs_embeds"),
        DataType.FLOAT,
        "batch",
        "seq",
        HIDDEN);
    return g;
  }

  static OnnxGraph decoderGraph(DecoderShape shape) {
    OnnxGraph g = new OnnxGraph("decoder");
    String embeds = g.input(shape.embedsInput, DataType.FLOAT, "batch", "seq", HIDDEN);
    g.input("attention_mask", DataType.INT64, "batch", "total");
    g.input("position_ids", DataType.INT64, 3, "batch", "seq");
    if (shape.deepstack) {
      g.input("deepstack_embeds", DataType.FLOAT, 2, "batch", "seq", HIDDEN);
    }
    for (int layer = 0; layer < shape.layers; layer++) {
      for (String part : new String[] {"key", "value"}) {
        String past =
            g.input(
                "past_key_values." + layer + "." + part,
                shape.kvType,
                "batch",
                shape.kvHeads,
                "past",
                shape.headDim);
        g.output(
            g.op("Identity", past).output("present." + layer + "." + part),
            shape.kvType,
            "batch",
            shape.kvHeads,
            "past",
            shape.headDim);
      }
    }
    String head =
        g.initializer(
            Tensor.float32("lm_head", new long[] {HIDDEN, VOCAB}, new float[HIDDEN * VOCAB]));
    g.output(g.op("MatMul", embeds, head).output("logits"), DataType.FLOAT, "batch", "seq", VOCAB);
    return g;
  }

  static OnnxGraph visionGraph() {
    OnnxGraph g = new OnnxGraph("vision");
    String pixels = g.input("pixel_values", DataType.FLOAT, "patches", PATCH_VALUES);
    g.input("image_grid_thw", DataType.INT64, "images", 3);
    String w =
        g.initializer(
            Tensor.float32(
                "merger", new long[] {PATCH_VALUES, HIDDEN}, new float[PATCH_VALUES * HIDDEN]));
    g.output(g.op("MatMul", pixels, w).output("image_features"), DataType.FLOAT, "patches", HIDDEN);
    return g;
  }
}
