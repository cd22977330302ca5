package app.lumen.inference.testing;

import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.vision.ImagePlan;

/**
 * A picture prepared by a fake model's {@link app.lumen.inference.LoadedModel#vision()}: tests read
 * which model prepared it, the size it was decoded at and its plan from a recorded request.
 *
 * <p>Immutable; {@link #embeddings} throws {@link IllegalStateException} once its model is closed.
 */
public final class FakeImageInput implements ImageInput {
  private final String modelId;
  private final int decodedWidth;
  private final int decodedHeight;
  private final ImagePlan plan;
  private final ImageGrid grid;
  private final String key;
  private final FakeVisionModel vision;

  FakeImageInput(
      String modelId,
      int decodedWidth,
      int decodedHeight,
      ImagePlan plan,
      ImageGrid grid,
      String key,
      FakeVisionModel vision) {
    this.modelId = modelId;
    this.decodedWidth = decodedWidth;
    this.decodedHeight = decodedHeight;
    this.plan = plan;
    this.grid = grid;
    this.key = key;
    this.vision = vision;
  }

  /** The id of the model whose vision path prepared it. */
  public String modelId() {
    return modelId;
  }

  /** Width of the pixels the decoder produced (smaller than the picture when subsampled). */
  public int decodedWidth() {
    return decodedWidth;
  }

  public int decodedHeight() {
    return decodedHeight;
  }

  public ImagePlan plan() {
    return plan;
  }

  @Override
  public String cacheKey() {
    return key;
  }

  @Override
  public ImageGrid grid() {
    return grid;
  }

  @Override
  public ImageEmbeddings embeddings(int hiddenSize) {
    return vision.encode(grid, hiddenSize);
  }

  @Override
  public String toString() {
    return "FakeImageInput[" + modelId + ", " + plan.tokens() + " tokens, " + key + "]";
  }
}
