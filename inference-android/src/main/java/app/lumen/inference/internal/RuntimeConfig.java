package app.lumen.inference.internal;

import app.lumen.inference.ModelLoadException;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.model.GenerationConfig;
import app.lumen.inference.model.ModelConfig;
import app.lumen.inference.model.ModelPackage;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The few facts the generator needs, taken from the package's parsed {@code config.json} and {@code
 * generation_config.json}. Immutable.
 *
 * @param vocabSize logits width
 * @param hiddenSize embedding width
 * @param maxPositions the model's context limit
 * @param imageTokenId the image placeholder id, or -1
 * @param deepstackLayers number of DeepStack feature sets (0 when the family has none)
 * @param stopTokenIds end-of-turn ids
 * @param sampling the sampling defaults
 */
record RuntimeConfig(
    int vocabSize,
    int hiddenSize,
    int maxPositions,
    int imageTokenId,
    int deepstackLayers,
    Set<Integer> stopTokenIds,
    SamplingParams sampling) {

  static RuntimeConfig of(ModelPackage modelPackage) {
    ModelConfig config = modelPackage.config();
    GenerationConfig generation = modelPackage.generationConfig();
    Set<Integer> stops = new LinkedHashSet<>();
    for (int id : modelPackage.chatTemplate().stopTokenIds()) {
      stops.add(id);
    }
    int deepstack = config.visionConfig().map(v -> v.deepstackVisualIndexes().size()).orElse(0);
    return new RuntimeConfig(
        config.vocabSize(),
        config.hiddenSize(),
        config.maxPositionEmbeddings(),
        config.imageTokenId(),
        deepstack,
        Set.copyOf(stops),
        sampling(generation));
  }

  private static SamplingParams sampling(GenerationConfig generation) {
    SamplingParams.Builder builder = SamplingParams.builder();
    if (generation.doSample()) {
      builder
          .temperature((float) generation.temperature())
          .topK(generation.topK())
          .topP((float) generation.topP())
          .minP((float) generation.minP());
    }
    builder.repetitionPenalty((float) generation.repetitionPenalty());
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(GenerationConfig.FILE_NAME + ": " + e.getMessage(), e);
    }
  }
}
