package app.lumen.app.images;

import app.lumen.app.chat.ImageInputs;
import app.lumen.app.chat.UnsupportedImagesException;
import app.lumen.app.data.Attachment;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InferenceException;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.vision.VisionModel;
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
 * <p>Errors: {@link UnsupportedImagesException} with a message for the user when the model reads no
 * photos or the photo cannot be read.
 */
public final class PhotoInputs implements ImageInputs {

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
      return vision.image(BitmapImages.source(bytes, file.getName()), budget);
    } catch (IOException | IllegalArgumentException e) {
      throw new UnsupportedImagesException("The photo cannot be read: " + e.getMessage());
    }
  }
}
