package app.lumen.inference.model;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import com.google.gson.JsonObject;

/**
 * Stop ids and sampling defaults from {@code generation_config.json}. Absent fields take Hugging
 * Face's defaults (greedy, temperature 1, top-k 50, top-p 1, no repetition penalty). Immutable.
 *
 * @param eosTokenIds ids that end generation (Qwen lists {@code <|im_end|>} and {@code
 *     <|endoftext|>})
 * @param padTokenId the padding id, or -1
 */
public record GenerationConfig(
    int[] eosTokenIds,
    int padTokenId,
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double minP,
    double repetitionPenalty) {

  public static final String FILE_NAME = "generation_config.json";

  public GenerationConfig {
    eosTokenIds = eosTokenIds.clone();
  }

  @Override
  public int[] eosTokenIds() {
    return eosTokenIds.clone();
  }

  public static GenerationConfig parse(JsonFile file) throws InvalidPackageException {
    JsonObject root = file.root();
    int[] eos = file.intOrIntList(root, "eos_token_id", "");
    if (eos.length == 0) {
      throw file.problem("eos_token_id", "missing (the engine would never know when to stop)");
    }
    double temperature = file.optionalDouble(root, "temperature", "").orElse(1.0);
    if (temperature < 0) {
      throw file.problem("temperature", "expected >= 0, found " + temperature);
    }
    double topP = file.optionalDouble(root, "top_p", "").orElse(1.0);
    if (topP <= 0 || topP > 1) {
      throw file.problem("top_p", "expected a number in (0, 1], found " + topP);
    }
    double penalty = file.optionalDouble(root, "repetition_penalty", "").orElse(1.0);
    if (penalty <= 0) {
      throw file.problem("repetition_penalty", "expected > 0, found " + penalty);
    }
    return new GenerationConfig(
        eos,
        file.optionalInt(root, "pad_token_id", "").orElse(-1),
        file.optionalBoolean(root, "do_sample", "").orElse(false),
        temperature,
        file.optionalInt(root, "top_k", "").orElse(50),
        topP,
        file.optionalDouble(root, "min_p", "").orElse(0.0),
        penalty);
  }
}
