package app.lumen.testkit.reference;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.internal.PackageFiles;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The decoder hyper-parameters the reference reads from a package's {@code config.json}, the way
 * transformers' config classes read them: Qwen3-VL nests them under {@code text_config}, Qwen2-VL
 * and Qwen2.5-VL keep them at the top level.
 */
public record ReferenceConfig(
    String modelType,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int vocabSize,
    double rmsNormEps,
    double ropeTheta,
    int[] mropeSection,
    boolean mropeInterleaved,
    boolean qkNorm,
    boolean attentionBias,
    boolean tieWordEmbeddings,
    int deepstackCount) {

  /**
   * Reads {@code config.json}; a missing or mistyped field is an {@link IllegalArgumentException}
   * naming the file and field.
   */
  public static ReferenceConfig read(Path configJson) throws IOException {
    JsonObject root = JsonParser.parseString(PackageFiles.readText(configJson)).getAsJsonObject();
    Fields f = new Fields(configJson);
    String modelType = f.required(root, "model_type").getAsString();
    boolean qwen3 = ModelFamily.QWEN3_VL.id().equals(modelType);
    JsonObject text = root.has("text_config") ? f.object(root, "text_config") : root;
    int hidden = f.required(text, "hidden_size").getAsInt();
    int heads = f.required(text, "num_attention_heads").getAsInt();
    int headDim = text.has("head_dim") ? f.required(text, "head_dim").getAsInt() : hidden / heads;
    JsonObject rope = f.object(text, "rope_scaling");
    JsonArray sectionJson = f.required(rope, "mrope_section").getAsJsonArray();
    int[] section = new int[sectionJson.size()];
    for (int i = 0; i < section.length; i++) {
      section[i] = sectionJson.get(i).getAsInt();
    }
    boolean interleaved =
        rope.has("mrope_interleaved") && rope.get("mrope_interleaved").getAsBoolean();
    // Qwen2's attention always has q/k/v biases; Qwen3 follows attention_bias (false) and adds
    // the per-head q_norm/k_norm.
    boolean bias = qwen3 ? bool(text, "attention_bias", false) : true;
    int deepstack = 0;
    if (qwen3 && root.has("vision_config")) {
      JsonElement idx = f.object(root, "vision_config").get("deepstack_visual_indexes");
      deepstack = idx == null ? 0 : idx.getAsJsonArray().size();
    }
    return new ReferenceConfig(
        modelType,
        hidden,
        f.required(text, "num_hidden_layers").getAsInt(),
        heads,
        f.required(text, "num_key_value_heads").getAsInt(),
        headDim,
        f.required(text, "vocab_size").getAsInt(),
        f.required(text, "rms_norm_eps").getAsDouble(),
        f.required(text, "rope_theta").getAsDouble(),
        section,
        interleaved,
        qwen3,
        bias,
        bool(root, "tie_word_embeddings", bool(text, "tie_word_embeddings", false)),
        deepstack);
  }

  /** Field access that names the file and field when something is missing or mistyped. */
  private record Fields(Path file) {
    JsonElement required(JsonObject o, String key) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        throw new IllegalArgumentException(file + ": missing field " + key);
      }
      return e;
    }

    JsonObject object(JsonObject o, String key) {
      JsonElement e = required(o, key);
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException(file + ": field " + key + " must be an object");
      }
      return e.getAsJsonObject();
    }
  }

  private static boolean bool(JsonObject o, String key, boolean fallback) {
    return o.has(key) ? o.get(key).getAsBoolean() : fallback;
  }
}
