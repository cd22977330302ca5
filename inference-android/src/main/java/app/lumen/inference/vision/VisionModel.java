package app.lumen.inference.vision;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.ImageInput;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.internal.OrtVisionModel;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.ImageSource;
import app.lumen.vision.PlannedImage;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model's vision path: plans pictures (tokens, sizes, cost estimates before any pixel is read),
 * prepares them and hands them to a chat as {@link ImageInput}s, which run the vision graph when
 * the prompt needs their tokens. Encodings are cached (by resized pixels), so a regenerated answer
 * or a second turn about the same photo does not encode again.
 *
 * <p>Ownership: the one a chat uses comes from {@link LoadedModel#vision()} and belongs to that
 * model, which closes it when it is closed or unloaded; only one opened with {@link #open} is the
 * caller's to close. After {@link #close()} every method, and the embeddings of every input it
 * made, throws {@link IllegalStateException}.
 *
 * <p>Threading: safe to use from any thread; {@link #image} decodes and resizes on the calling
 * thread, encoding happens on the generating thread.
 *
 * <p>Errors: {@link app.lumen.vision.InvalidImageException} for pictures the processor refuses;
 * {@link IOException} when a source cannot be read.
 */
public interface VisionModel extends AutoCloseable {

  /**
   * Opens the vision graph of the package in {@code packageDir} on its own, without its decoder
   * (for measuring the vision path alone). Chats use {@link LoadedModel#vision()}.
   *
   * @throws ModelLoadException when the package has no vision graph or its files are wrong
   */
  static VisionModel open(Path packageDir, EngineOptions options) {
    return OrtVisionModel.open(packageDir, options);
  }

  /** The processor's parameters from the package's {@code preprocessor_config.json}. */
  ImageProcessorConfig processorConfig();

  /** What a {@code width × height} picture becomes within {@code budget} (null: the package's). */
  ImagePlan plan(int width, int height, TokenBudget budget);

  /** {@code image} resized within {@code budget} (null: the package's), as a chat message part. */
  ImageInput image(RgbImage image, TokenBudget budget);

  /**
   * {@code decoded} (possibly a subsampled decode of the planned picture) resized to {@code plan},
   * as a chat message part.
   */
  ImageInput image(RgbImage decoded, ImagePlan plan);

  /**
   * {@code source} as a chat message part: planned from its size within {@code budget} (null: the
   * package's bounds), decoded no finer than the plan needs, resized.
   *
   * @throws app.lumen.vision.InvalidImageException when the data is not a picture or the plan
   *     refuses its size
   * @throws IOException when the source cannot be read
   */
  default ImageInput image(ImageSource source, TokenBudget budget) throws IOException {
    PlannedImage planned = PlannedImage.decode(source, (w, h) -> plan(w, h, budget));
    return image(planned.image(), planned.plan());
  }

  /** How many times the vision graph actually ran (encodings not served from the cache). */
  long encoderRuns();

  /** Releases the vision graph and the cached encodings. Idempotent. */
  @Override
  void close();
}
