package app.lumen.app.chat

import app.lumen.app.data.Attachment
import app.lumen.inference.ImageInput
import app.lumen.inference.InvalidRequestException
import app.lumen.inference.LoadedModel

/**
 * A picture cannot be passed to the model (it reads no photos, or the photo cannot be read). The
 * message says so plainly; the answer fails with it, before anything is generated.
 */
class UnsupportedImagesException(message: String) : InvalidRequestException(message)

/**
 * Turns a stored picture into an [ImageInput] of the loaded [LoadedModel] (the vision encoder's
 * seam), so that a picture is always prepared by the model that reads its tokens. Called on a
 * background thread once the model is loaded, before the request starts.
 */
fun interface ImageInputs {
  /** @throws UnsupportedImagesException when the picture cannot be understood here */
  fun forAttachment(model: LoadedModel, attachment: Attachment): ImageInput

  companion object {
    const val UNAVAILABLE_MESSAGE = "Photos cannot be read here. Ask without the photo."

    val Unavailable = ImageInputs { _, _ -> throw UnsupportedImagesException(UNAVAILABLE_MESSAGE) }
  }
}
