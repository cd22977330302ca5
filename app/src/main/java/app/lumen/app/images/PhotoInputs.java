package app.lumen.app.images;

import app.lumen.app.chat.ImageInputs;
import app.lumen.app.chat.UnsupportedImagesException;
import app.lumen.app.data.Attachment;
import app.lumen.app.photos.AffordablePlan;
import app.lumen.app.photos.FreeMemory;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InferenceException;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.vision.VisionModel;
import app.lumen.vision.PlannedImage;
import app.lumen.vision.TokenBudget;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The chat's {@link ImageInputs} on Android: a stored photo becomes an image part of the model the
 * engine has loaded, through that model's own vision path (planned within the attachment's token
 * budget, decoded by {@link BitmapImages} at the size the plan needs, orientation applied). It
 * holds nothing: the vision graph and its encoding cache belong to the loaded model and are freed
 * with it.
 *
 * <p>Threading: stateless, safe from any thread; {@link #forAttachment} decodes and resizes on the
 * calling thread (not the main one).
 *
 * <p>Memory: the plan's estimated encoder working memory is weighed against {@link FreeMemory} just
 * before decoding; a budget that would not fit is lowered to the largest preset that does ({@link
 * AffordablePlan}), so encoding a photo never runs the app out of memory.
 *
 * <p>Errors: {@link UnsupportedImagesException} with a message for the user when the model reads no
 * photos, the photo cannot be read, or not even the smallest budget fits the memory free now.
 */
public final class PhotoInputs implements ImageInputs {
  private final FreeMemory freeMemory;

  /** Without a memory reading: every photo is encoded within its own budget. */
  public PhotoInputs() {
    this(FreeMemory.Companion.getUNKNOWN());
  }

  public PhotoInputs(FreeMemory freeMemory) {
    this.freeMemory = freeMemory;
  }

  @Override
  public ImageInput forAttachment(LoadedModel model, Attachment attachment) {
    VisionModel vision;
    try {
      vision = model.vision();
    } catch (InferenceException e) {
      throw new UnsupportedImagesException(
          "This model cannot look at photos (" + e.getMessage() + "). Ask without the photo.");
    }
    File file = new File(attachment.getFilePath());
    TokenBudget budget =
        attachment.getTokenBudget() > 0 ? new TokenBudget(attachment.getTokenBudget()) : null;
    try {
      // Read whole (a few MB for a phone photo, small next to its decoded pixels): a buffer source
      // decodes the same on phones and in the JVM tests, which cannot decode from a file.
      byte[] bytes = Files.readAllBytes(file.toPath());
      Long free = freeMemory.bytes();
      PlannedImage planned =
          PlannedImage.decode(
              BitmapImages.source(bytes, file.getName()),
              (width, height) ->
                  AffordablePlan.choose(budget, free, b -> vision.plan(width, height, b)));
      return vision.image(planned.image(), planned.plan());
    } catch (IOException | IllegalArgumentException e) {
      throw new UnsupportedImagesException("The photo cannot be read: " + e.getMessage());
    }
  }
}
