package app.lumen.inference.testing;

import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.RgbImage;

/**
 * A picture prepared by a fake model's {@link app.lumen.inference.LoadedModel#vision()}: tests read
 * which model prepared it, the size it was decoded at and its plan from a recorded request.
 *
 * <p>Immutable; {@link #embeddings} throws {@link IllegalStateException} once its model is closed.
 */
public final class FakeImageInput implements ImageInput {
  private final String modelId;
  private final RgbImage decoded;
  private final ImagePlan plan;
  private final ImageGrid grid;
  private final String key;
  private final FakeVisionModel vision;

  FakeImageInput(
      String modelId,
      RgbImage decoded,
      ImagePlan plan,
      ImageGrid grid,
      String key,
      FakeVisionModel vision) {
    this.modelId = modelId;
    this.decoded = decoded;
    this.plan = plan;
    this.grid = grid;
    this.key = key;
    this.vision = vision;
  }

  /** The id of the model whose vision path prepared it. */
  public String modelId() {
    return modelId;
  }

  /**
   * The pixels the app handed to the vision path, before resizing: upright, and smaller than the
   * picture when the decoder subsampled it. Tests check a photo's orientation and content here.
   */
  public RgbImage decoded() {
    return decoded;
  }

  /** Width of the pixels the decoder produced (smaller than the picture when subsampled). */
  public int decodedWidth() {
    return decoded.width();
  }

  public int decodedHeight() {
    return decoded.height();
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
