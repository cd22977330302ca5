package app.lumen.inference.internal;

import ai.onnxruntime.OrtSession;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InferenceException;
import app.lumen.vision.EncodedImage;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.PreparedImage;
import app.lumen.vision.VisionEncoderException;
import app.lumen.vision.VisionEncodingCancelledException;
import app.lumen.vision.VisionPipeline;

/**
 * A prepared picture as the engine's {@link ImageInput}: its token grid is known from the plan; the
 * vision graph runs (or the cache answers) when the engine asks for the embeddings.
 */
final class VisionImageInput implements StoppableImageInput {
  private final VisionPipeline pipeline;
  private final PreparedImage prepared;

  VisionImageInput(VisionPipeline pipeline, PreparedImage prepared) {
    this.pipeline = pipeline;
    this.prepared = prepared;
  }

  @Override
  public String cacheKey() {
    return prepared.key();
  }

  @Override
  public ImageGrid grid() {
    ImagePlan plan = prepared.plan();
    int merge = pipeline.preprocessor().config().mergeSize();
    return new ImageGrid(plan.gridT(), plan.gridH() / merge, plan.gridW() / merge);
  }

  @Override
  public ImageEmbeddings embeddings(int hiddenSize) {
    return embeddings(hiddenSize, null);
  }

  @Override
  public ImageEmbeddings embeddings(int hiddenSize, OrtSession.RunOptions runOptions) {
    EncodedImage encoded;
    try {
      encoded = pipeline.encode(prepared, runOptions);
    } catch (VisionEncodingCancelledException e) {
      throw e; // a stop, not a failure: the generator ends the generation as cancelled
    } catch (VisionEncoderException e) {
      throw new InferenceException(e.getMessage(), e);
    }
    if (encoded.hiddenSize() != hiddenSize) {
      throw new InferenceException(
          "vision graph returned image_features of width "
              + encoded.hiddenSize()
              + ", the decoder's hidden size is "
              + hiddenSize);
    }
    return new ImageEmbeddings(
        encoded.tokens(), encoded.hiddenSize(), encoded.features(), encoded.deepstack());
  }

  @Override
  public String toString() {
    return "image " + prepared;
  }
}
