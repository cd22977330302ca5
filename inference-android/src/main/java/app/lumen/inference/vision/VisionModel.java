package app.lumen.inference.vision;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ImageInput;
import app.lumen.inference.ModelLoadException;
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
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A package's vision path, for the engine: plans pictures (tokens, sizes, cost estimates before any
 * pixel is read), prepares them and hands them to a chat as {@link ImageInput}s, which run the
 * package's vision graph when the prompt needs their tokens. Encodings are cached (by resized
 * pixels), so a regenerated answer or a second turn about the same photo does not encode again.
 *
 * <p>Threading: safe to use from any thread; {@link #image} does the resizing on the calling
 * thread, encoding happens on the generating thread. Close it when the model is unloaded; after
 * {@link #close()} every method throws {@link IllegalStateException}.
 *
 * <p>Errors: {@link ModelLoadException} when the package has no vision graph or its files are
 * wrong; {@link app.lumen.vision.InvalidImageException} for pictures the processor refuses.
 */
public final class VisionModel implements AutoCloseable {
  private final VisionPipeline pipeline;
  private final AtomicBoolean closed = new AtomicBoolean();

  private VisionModel(VisionPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Opens the vision graph of the package in {@code packageDir} (read through its manifest, with
   * the processor values of its {@code preprocessor_config.json}).
   */
  public static VisionModel open(Path packageDir, EngineOptions options) {
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
      config =
          ImageProcessorConfig.read(
              manifest.listedFile(packageDir, ImageProcessorConfig.FILE_NAME));
    } catch (InvalidPackageException | IOException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
      int threads =
          options.intraOpThreads() > 0
              ? options.intraOpThreads()
              : Runtime.getRuntime().availableProcessors();
      session.setIntraOpNumThreads(threads);
      session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      VisionEncoder encoder = VisionEncoder.open(graph, session);
      return new VisionModel(
          new VisionPipeline(
              new ImagePreprocessor(config), encoder, VisionPipeline.DEFAULT_CACHE_BYTES));
    } catch (OrtException | VisionEncoderException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
  }

  /** The processor's parameters from the package's {@code preprocessor_config.json}. */
  public ImageProcessorConfig processorConfig() {
    checkOpen();
    return pipeline.preprocessor().config();
  }

  /** What a {@code width × height} picture becomes within {@code budget} (null: the package's). */
  public ImagePlan plan(int width, int height, TokenBudget budget) {
    checkOpen();
    return pipeline.plan(width, height, budget);
  }

  /** {@code image} resized within {@code budget}, as a chat message part. */
  public ImageInput image(RgbImage image, TokenBudget budget) {
    checkOpen();
    return new VisionImageInput(pipeline, pipeline.prepare(image, budget));
  }

  /**
   * {@code decoded} (possibly a subsampled decode of the planned picture) resized to {@code plan},
   * as a chat message part.
   */
  public ImageInput image(RgbImage decoded, ImagePlan plan) {
    checkOpen();
    PreparedImage prepared = pipeline.prepare(decoded, plan);
    return new VisionImageInput(pipeline, prepared);
  }

  /** How many times the vision graph actually ran (encodings not served from the cache). */
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
