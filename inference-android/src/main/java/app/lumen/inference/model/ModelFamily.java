package app.lumen.inference.model;

import app.lumen.pkg.InvalidPackageException;

/**
 * The model families a package can hold ({@code family} in {@code lumen-package.json}, {@code
 * model_type} in {@code config.json}) and what each means for the graphs the engine runs.
 */
public enum ModelFamily {
  QWEN3_VL("qwen3_vl", true, "image_grid_thw", true),
  QWEN2_VL("qwen2_vl", true, "grid_thw", true),
  QWEN2_5_VL("qwen2_5_vl", true, "image_grid_thw", true),
  /** Qwen3.5: vision in every size, hybrid linear/full attention in the decoder. */
  QWEN3_5("qwen3_5", true, "image_grid_thw", true),
  /** Text-only Qwen3: a single decoder graph fed {@code input_ids}, 1-D positions. */
  QWEN3("qwen3", false, null, false);

  private final String id;
  private final boolean vision;
  private final String gridInputName;
  private final boolean multimodalPositions;

  ModelFamily(String id, boolean vision, String gridInputName, boolean multimodalPositions) {
    this.id = id;
    this.vision = vision;
    this.gridInputName = gridInputName;
    this.multimodalPositions = multimodalPositions;
  }

  /** The family as written in manifests and {@code config.json}. */
  public String id() {
    return id;
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
   * @throws InvalidPackageException naming {@code where} when {@code id} is not a known family
   */
  public static ModelFamily of(String id, String where) throws InvalidPackageException {
    for (ModelFamily family : values()) {
      if (family.id.equals(id)) {
        return family;
      }
    }
    throw new InvalidPackageException(
        where + ": expected one of qwen3_vl, qwen2_vl, qwen2_5_vl, qwen3_5, qwen3, found " + id);
  }
}
