package app.lumen.inference.testing;

import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.vision.VisionModel;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vision path of a {@link FakeInferenceEngine}'s model, without ONNX: plans and resizes
 * pictures with the real Qwen3-VL processor and hands out {@link FakeImageInput}s naming the model
 * that made them; their embeddings are zeros. Counted by the engine while open ({@link
 * FakeInferenceEngine#openVisionModels()}).
 *
 * <p>Thread-safe; after {@link #close()} every method throws {@link IllegalStateException}, as do
 * the embeddings of the inputs it made.
 */
final class FakeVisionModel implements VisionModel {
  private final String modelId;
  private final ImagePreprocessor preprocessor =
      new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
  private final Runnable onClose;
  private final AtomicLong encodes = new AtomicLong();
  private volatile boolean closed;

  FakeVisionModel(String modelId, Runnable onClose) {
    this.modelId = modelId;
    this.onClose = onClose;
  }

  @Override
  public ImageProcessorConfig processorConfig() {
    checkOpen();
    return preprocessor.config();
  }

  @Override
  public ImagePlan plan(int width, int height, TokenBudget budget) {
    checkOpen();
    return preprocessor.plan(width, height, budget);
  }

  @Override
  public ImageInput image(RgbImage image, TokenBudget budget) {
    return image(image, plan(image.width(), image.height(), budget));
  }

  @Override
  public ImageInput image(RgbImage decoded, ImagePlan plan) {
    checkOpen();
    RgbImage resized = preprocessor.resize(decoded, plan);
    int merge = preprocessor.config().mergeSize();
    ImageInput.ImageGrid grid =
        new ImageInput.ImageGrid(plan.gridT(), plan.gridH() / merge, plan.gridW() / merge);
    String key =
        modelId
            + ":"
            + plan.resizedWidth()
            + "x"
            + plan.resizedHeight()
            + ":"
            + Integer.toHexString(Arrays.hashCode(resized.rgb()));
    return new FakeImageInput(modelId, decoded, plan, grid, key, this);
  }

  @Override
  public long encoderRuns() {
    return encodes.get();
  }

  ImageEmbeddings encode(ImageInput.ImageGrid grid, int hiddenSize) {
    checkOpen();
    encodes.incrementAndGet();
    return new ImageEmbeddings(
        grid.tokenCount(), hiddenSize, new float[grid.tokenCount() * hiddenSize], null);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the vision model of " + modelId + " is closed");
    }
  }
}
