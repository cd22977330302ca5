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

  private static final String TOKEN_ID = "a token id (a whole number >= 0)";

  public GenerationConfig {
    eosTokenIds = eosTokenIds.clone();
  }

  @Override
  public int[] eosTokenIds() {
    return eosTokenIds.clone();
  }

  public static GenerationConfig parse(JsonFile file) throws InvalidPackageException {
    JsonObject root = file.root();
    // Whether an id is below the vocabulary size is checked against the tokenizer, which this
    // file does not know (PackageConsistency).
    int[] eos = file.intOrIntList(root, "eos_token_id", "", id -> id >= 0, TOKEN_ID);
    if (eos.length == 0) {
      throw file.problem("eos_token_id", "missing (the engine would never know when to stop)");
    }
    file.intOrIntList(root, "bos_token_id", "", id -> id >= 0, TOKEN_ID);
    int pad = file.optionalInt(root, "pad_token_id", "", id -> id >= 0, TOKEN_ID).orElse(-1);
    double temperature =
        file.optionalDouble(root, "temperature", "", t -> t >= 0, "a number >= 0").orElse(1.0);
    double topP =
        file.optionalDouble(root, "top_p", "", p -> p > 0 && p <= 1, "a number in (0, 1]")
            .orElse(1.0);
    double minP =
        file.optionalDouble(root, "min_p", "", p -> p >= 0 && p <= 1, "a number in [0, 1]")
            .orElse(0.0);
    int topK = file.optionalInt(root, "top_k", "", k -> k >= 0, JsonFile.NON_NEGATIVE).orElse(50);
    double penalty =
        file.optionalDouble(root, "repetition_penalty", "", r -> r > 0, JsonFile.POSITIVE_NUMBER)
            .orElse(1.0);
    for (String length : new String[] {"max_new_tokens", "max_length"}) {
      file.optionalInt(root, length, "", n -> n > 0, JsonFile.POSITIVE);
    }
    return new GenerationConfig(
        eos,
        pad,
        file.optionalBoolean(root, "do_sample", "").orElse(false),
        temperature,
        topK,
        topP,
        minP,
        penalty);
  }
}
