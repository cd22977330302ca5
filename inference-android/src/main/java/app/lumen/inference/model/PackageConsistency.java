package app.lumen.inference.model;

import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.QwenTokenizerFormat;
import app.lumen.vision.ImageProcessorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Checks that a package's files agree with each other: the tokenizer fits the model's embedding
 * table, the image token the model expects is the tokenizer's {@code <|image_pad|>}, the stop ids
 * are tokens, image features are as wide as token embeddings, and the image processor cuts the
 * patches the vision tower was built for. Each file can be valid alone and the package still answer
 * nonsense when these disagree. Stateless.
 */
final class PackageConsistency {
  private PackageConsistency() {}

  /**
   * One line per disagreement; empty when the files agree. A null argument (a file that is absent
   * or already reported as broken) takes part in no check.
   */
  static List<String> problems(
      ModelConfig config,
      GenerationConfig generation,
      ImageProcessorConfig processor,
      Tokenizer tokenizer) {
    List<String> problems = new ArrayList<>();
    if (config != null && tokenizer != null && tokenizer.vocabularySize() > config.vocabSize()) {
      problems.add(
          "tokenizer.json: "
              + tokenizer.vocabularySize()
              + " token ids, but config.json vocab_size is "
              + config.vocabSize()
              + " (the model has no embedding for the ids above)");
    }
    if (config != null && tokenizer != null && config.imageTokenId() >= 0) {
      OptionalInt imagePad = tokenizer.tokenId(QwenTokenizerFormat.IMAGE_PAD);
      if (!imagePad.isPresent()) {
        problems.add(
            "tokenizer.json: no "
                + QwenTokenizerFormat.IMAGE_PAD
                + " token (config.json image_token_id is "
                + config.imageTokenId()
                + ")");
      } else if (imagePad.getAsInt() != config.imageTokenId()) {
        problems.add(
            "config.json: image_token_id "
                + config.imageTokenId()
                + ", but tokenizer.json has "
                + QwenTokenizerFormat.IMAGE_PAD
                + " = "
                + imagePad.getAsInt());
      }
    }
    if (generation != null && tokenizer != null) {
      for (int eos : generation.eosTokenIds()) {
        if (eos < 0 || eos >= tokenizer.vocabularySize()) {
          problems.add(
              "generation_config.json: eos_token_id "
                  + eos
                  + " is not a token of tokenizer.json (0.."
                  + (tokenizer.vocabularySize() - 1)
                  + ")");
        }
      }
    }
    if (config != null
        && config.vision() != null
        && config.vision().outHiddenSize() != config.hiddenSize()) {
      problems.add(
          "config.json: vision features are "
              + config.vision().outHiddenSize()
              + " wide, but hidden_size is "
              + config.hiddenSize()
              + " (image features replace token embeddings, so they must match)");
    }
    if (config != null && config.vision() != null && processor != null) {
      ModelConfig.VisionConfig vision = config.vision();
      samePatches(problems, "patch_size", processor.patchSize(), "patch_size", vision.patchSize());
      samePatches(
          problems,
          "temporal_patch_size",
          processor.temporalPatchSize(),
          "temporal_patch_size",
          vision.temporalPatchSize());
      samePatches(
          problems,
          "merge_size",
          processor.mergeSize(),
          "spatial_merge_size",
          vision.spatialMergeSize());
    }
    return problems;
  }

  private static void samePatches(
      List<String> problems,
      String processorField,
      int processorValue,
      String configField,
      int configValue) {
    if (processorValue != configValue) {
      problems.add(
          "preprocessor_config.json: "
              + processorField
              + " "
              + processorValue
              + ", but config.json vision_config."
              + configField
              + " is "
              + configValue
              + " (the vision tower reads the patches it was trained on)");
    }
  }
}
