package app.lumen.pkg;

import java.util.List;
import java.util.Optional;

/**
 * The model families a package can hold ({@code family} in {@code lumen-package.json}, {@code
 * model_type} in {@code config.json}) and what each means for the graphs and the prompt.
 *
 * <p>Immutable. {@link #of} reports an unknown family as {@link InvalidPackageException}; {@link
 * #find} leaves the reaction to the caller (a usage error on a command line, for instance).
 */
public enum ModelFamily {
  QWEN3_VL("qwen3_vl", "Qwen3-VL", true, "image_grid_thw", true, false),
  QWEN2_VL("qwen2_vl", "Qwen2-VL", true, "grid_thw", true, true),
  /** Qwen2.5-VL: Qwen2-VL's decoder and chat template with a new vision tower. */
  QWEN2_5_VL("qwen2_5_vl", "Qwen2.5-VL", true, "image_grid_thw", true, true),
  /** Qwen3.5: vision in every size, hybrid linear/full attention in the decoder. */
  QWEN3_5("qwen3_5", "Qwen3.5", true, "image_grid_thw", true, false),
  /** Text-only Qwen3: a single decoder graph fed {@code input_ids}, 1-D positions. */
  QWEN3("qwen3", "Qwen3", false, null, false, false);

  private final String id;
  private final String displayName;
  private final boolean vision;
  private final String gridInputName;
  private final boolean multimodalPositions;
  private final boolean defaultSystemPrompt;

  ModelFamily(
      String id,
      String displayName,
      boolean vision,
      String gridInputName,
      boolean multimodalPositions,
      boolean defaultSystemPrompt) {
    this.id = id;
    this.displayName = displayName;
    this.vision = vision;
    this.gridInputName = gridInputName;
    this.multimodalPositions = multimodalPositions;
    this.defaultSystemPrompt = defaultSystemPrompt;
  }

  /** The family as written in manifests and {@code config.json}. */
  public String id() {
    return id;
  }

  /** The family as people write it ({@code Qwen2.5-VL}). */
  public String displayName() {
    return displayName;
  }

  /** Whether packages of this family carry a vision encoder and an embedding graph. */
  public boolean hasVision() {
    return vision;
  }

  /** The vision graph's grid input ({@code grid_thw} in Qwen2-VL exports); null without vision. */
  public String gridInputName() {
    return gridInputName;
  }

  /** Whether the decoder takes M-RoPE {@code position_ids} [3, B, S] rather than [B, S]. */
  public boolean hasMultimodalPositions() {
    return multimodalPositions;
  }

  /**
   * Whether the family's published chat template writes {@code You are a helpful assistant.} as the
   * system turn of a conversation that has none (Qwen2-VL's and Qwen2.5-VL's do).
   */
  public boolean hasDefaultSystemPrompt() {
    return defaultSystemPrompt;
  }

  /** The family whose {@link #id()} is {@code id}; empty for any other text. */
  public static Optional<ModelFamily> find(String id) {
    for (ModelFamily family : values()) {
      if (family.id.equals(id)) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }

  /** The ids of {@code families}, comma-separated, for messages that list the choices. */
  public static String ids(Iterable<ModelFamily> families) {
    StringBuilder out = new StringBuilder();
    for (ModelFamily family : families) {
      out.append(out.length() == 0 ? "" : ", ").append(family.id);
    }
    return out.toString();
  }

  /**
   * @throws InvalidPackageException naming {@code where} when {@code id} is not a known family
   */
  public static ModelFamily of(String id, String where) throws InvalidPackageException {
    Optional<ModelFamily> family = find(id);
    if (!family.isPresent()) {
      throw new InvalidPackageException(
          where + ": expected one of " + ids(List.of(values())) + ", found " + id);
    }
    return family.get();
  }

  /**
   * The family of {@code manifest}.
   *
   * @throws InvalidPackageException naming the manifest's field when it is not a known family
   */
  public static ModelFamily of(PackageManifest manifest) throws InvalidPackageException {
    return of(manifest.family(), PackageManifest.FILE_NAME + ": family");
  }
}
