package app.lumen.vision.android;

import android.graphics.ImageDecoder;
import app.lumen.app.chat.ImageInputs;
import app.lumen.app.chat.UnsupportedImagesException;
import app.lumen.app.data.Attachment;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ImageInput;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.vision.VisionModel;
import app.lumen.vision.TokenBudget;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The chat's {@link ImageInputs} backed by the vision encoder: a stored photo becomes an image part
 * of the loaded model (planned within the attachment's token budget, decoded at the size the plan
 * needs, orientation applied). The vision graph of the current model is opened on first use and
 * kept, with its encoding cache, until the model changes or {@link #close()}.
 *
 * <p>Threading: safe from any thread; {@link #forAttachment} decodes and resizes on the calling
 * (generating) thread.
 */
public final class VisionImageInputs implements ImageInputs, AutoCloseable {
  private final Supplier<Path> modelDir;
  private final EngineOptions options;
  private Path openDir;
  private VisionModel vision;

  /**
   * @param modelDir the folder of the model the engine has loaded, or null when none is
   */
  public VisionImageInputs(Supplier<Path> modelDir, EngineOptions options) {
    this.modelDir = modelDir;
    this.options = options;
  }

  @Override
  public ImageInput forAttachment(Attachment attachment) {
    VisionModel model = visionFor(modelDir.get());
    File file = new File(attachment.getFilePath());
    try {
      TokenBudget budget =
          attachment.getTokenBudget() > 0 ? new TokenBudget(attachment.getTokenBudget()) : null;
      return BitmapImages.input(model, ImageDecoder.createSource(file), budget);
    } catch (IOException | IllegalArgumentException e) {
      throw new UnsupportedImagesException("The photo cannot be read: " + e.getMessage());
    }
  }

  private synchronized VisionModel visionFor(Path dir) {
    if (dir == null) {
      throw new UnsupportedImagesException("No model is loaded to look at the photo.");
    }
    if (vision != null && dir.equals(openDir)) {
      return vision;
    }
    close();
    try {
      vision = VisionModel.open(dir, options);
      openDir = dir;
      return vision;
    } catch (ModelLoadException e) {
      throw new UnsupportedImagesException(
          "This model cannot look at photos (" + e.getMessage() + "). Ask without the photo.");
    }
  }

  @Override
  public synchronized void close() {
    if (vision != null) {
      vision.close();
      vision = null;
      openDir = null;
    }
  }
}
