package app.lumen.inference.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ImageInput;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.model.ModelPackage;
import app.lumen.inference.vision.VisionModel;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.PreparedImage;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import app.lumen.vision.VisionEncoder;
import app.lumen.vision.VisionEncoderException;
import app.lumen.vision.VisionPipeline;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The vision path of a package on ONNX Runtime: its vision graph behind a {@link VisionPipeline}
 * (processor, encoder, encoding cache). See {@link VisionModel} for the contract.
 */
public final class OrtVisionModel implements VisionModel {
  private final VisionPipeline pipeline;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OrtVisionModel(VisionPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Opens the vision graph of the package in {@code packageDir} (read through its manifest, with
   * the processor values of its {@code preprocessor_config.json}).
   */
  public static OrtVisionModel open(Path packageDir, EngineOptions options) {
    Path graph;
    ImageProcessorConfig config;
    try {
      PackageManifest manifest = PackageManifest.read(packageDir);
      String relative =
          manifest
              .graph(PackageManifest.ROLE_VISION)
              .orElseThrow(
                  () ->
                      new ModelLoadException(
                          packageDir.resolve(PackageManifest.FILE_NAME)
                              + ": graphs.vision: missing (this model reads no images)"));
      graph = PackagePaths.resolve(packageDir, relative);
      config = ModelPackage.preprocessorConfig(packageDir, manifest);
    } catch (InvalidPackageException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    return open(graph, config, options);
  }

  /**
   * Opens the vision graph {@code graph} with the processor values {@code config}, both as the
   * caller already read them from the package (a loaded model reads its package once).
   */
  static OrtVisionModel open(Path graph, ImageProcessorConfig config, EngineOptions options) {
    try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
      int threads =
          options.intraOpThreads() > 0
              ? options.intraOpThreads()
              : Runtime.getRuntime().availableProcessors();
      session.setIntraOpNumThreads(threads);
      session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      VisionEncoder encoder = VisionEncoder.open(graph, session);
      return new OrtVisionModel(
          new VisionPipeline(
              new ImagePreprocessor(config), encoder, VisionPipeline.DEFAULT_CACHE_BYTES));
    } catch (OrtException | VisionEncoderException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
  }

  /** The processor's parameters from the package's {@code preprocessor_config.json}. */
  @Override
  public ImageProcessorConfig processorConfig() {
    checkOpen();
    return pipeline.preprocessor().config();
  }

  /** What a {@code width × height} picture becomes within {@code budget} (null: the package's). */
  @Override
  public ImagePlan plan(int width, int height, TokenBudget budget) {
    checkOpen();
    return pipeline.plan(width, height, budget);
  }

  /** {@code image} resized within {@code budget}, as a chat message part. */
  @Override
  public ImageInput image(RgbImage image, TokenBudget budget) {
    checkOpen();
    return new VisionImageInput(pipeline, pipeline.prepare(image, budget));
  }

  /**
   * {@code decoded} (possibly a subsampled decode of the planned picture) resized to {@code plan},
   * as a chat message part.
   */
  @Override
  public ImageInput image(RgbImage decoded, ImagePlan plan) {
    checkOpen();
    PreparedImage prepared = pipeline.prepare(decoded, plan);
    return new VisionImageInput(pipeline, prepared);
  }

  /** How many times the vision graph actually ran (encodings not served from the cache). */
  @Override
  public long encoderRuns() {
    return pipeline.encoderRuns();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the vision model is closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pipeline.close();
    }
  }
}
