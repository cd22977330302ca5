package app.lumen.inference.internal;

import app.lumen.inference.ModelLoadException;
import app.lumen.inference.SamplingParams;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The few facts the generator needs from {@code config.json} and {@code generation_config.json}.
 * Text-model fields are read from {@code text_config} when present (VL families), else from the top
 * level. Immutable.
 *
 * @param vocabSize logits width
 * @param hiddenSize embedding width
 * @param maxPositions the model's context limit
 * @param imageTokenId the image placeholder id, or -1
 * @param deepstackLayers number of DeepStack feature sets (0 when the family has none)
 * @param stopTokenIds end-of-turn ids from {@code generation_config.json} (and {@code config.json})
 * @param sampling the sampling defaults
 */
record ModelConfig(
    int vocabSize,
    int hiddenSize,
    int maxPositions,
    int imageTokenId,
    int deepstackLayers,
    Set<Integer> stopTokenIds,
    SamplingParams sampling) {

  static ModelConfig read(Path packageDir) {
    JsonObject config = readJson(packageDir.resolve("config.json"), true);
    JsonObject text = config.has("text_config") ? config.getAsJsonObject("text_config") : config;
    int vocab = intField(text, config, "vocab_size", "config.json");
    int hidden = intField(text, config, "hidden_size", "config.json");
    int maxPositions =
        optionalInt(
            text, "max_position_embeddings", optionalInt(config, "max_position_embeddings", 32768));
    int imageToken = optionalInt(config, "image_token_id", -1);
    int deepstack = 0;
    if (config.has("vision_config")) {
      JsonObject vision = config.getAsJsonObject("vision_config");
      if (vision.has("deepstack_visual_indexes")) {
        deepstack = vision.getAsJsonArray("deepstack_visual_indexes").size();
      }
    }
    Set<Integer> stops = new LinkedHashSet<>();
    addIds(stops, config.get("eos_token_id"));
    addIds(stops, text.get("eos_token_id"));
    JsonObject generation = readJson(packageDir.resolve("generation_config.json"), false);
    SamplingParams sampling = SamplingParams.GREEDY;
    if (generation != null) {
      addIds(stops, generation.get("eos_token_id"));
      sampling = sampling(generation);
    }
    return new ModelConfig(
        vocab, hidden, maxPositions, imageToken, deepstack, Set.copyOf(stops), sampling);
  }

  private static SamplingParams sampling(JsonObject generation) {
    boolean doSample = generation.has("do_sample") && generation.get("do_sample").getAsBoolean();
    SamplingParams.Builder builder = SamplingParams.builder();
    if (doSample) {
      builder.temperature(floatOr(generation, "temperature", 1f));
      builder.topK(optionalInt(generation, "top_k", 50));
      builder.topP(floatOr(generation, "top_p", 1f));
      builder.minP(floatOr(generation, "min_p", 0f));
    }
    builder.repetitionPenalty(floatOr(generation, "repetition_penalty", 1f));
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("generation_config.json: " + e.getMessage(), e);
    }
  }

  private static void addIds(Set<Integer> ids, JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return;
    }
    if (element.isJsonArray()) {
      for (JsonElement id : (JsonArray) element) {
        ids.add(id.getAsInt());
      }
    } else {
      ids.add(element.getAsInt());
    }
  }

  private static int intField(JsonObject primary, JsonObject fallback, String name, String file) {
    JsonElement value = primary.has(name) ? primary.get(name) : fallback.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new ModelLoadException(file + ": missing integer field '" + name + "'");
    }
    return value.getAsInt();
  }

  private static int optionalInt(JsonObject object, String name, int fallback) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsInt() : fallback;
  }

  private static float floatOr(JsonObject object, String name, float fallback) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsFloat() : fallback;
  }

  private static JsonObject readJson(Path file, boolean required) {
    try {
      String json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      return JsonParser.parseString(json).getAsJsonObject();
    } catch (NoSuchFileException e) {
      if (required) {
        throw new ModelLoadException(file.getFileName() + ": missing from " + file.getParent());
      }
      return null;
    } catch (IOException e) {
      throw new ModelLoadException(file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          file.getFileName() + ": not a JSON object: " + e.getMessage(), e);
    }
  }
}
