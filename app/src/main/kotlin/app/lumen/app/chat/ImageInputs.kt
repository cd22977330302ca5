package app.lumen.app.chat

import app.lumen.app.data.Attachment
import app.lumen.inference.ImageInput

/** A picture cannot be passed to the model in this build. The message says so plainly. */
class UnsupportedImagesException(message: String) : RuntimeException(message)

/**
 * Turns a stored picture into the engine's [ImageInput] (the vision encoder's seam). Called on the
 * generating coroutine before the request starts.
 */
fun interface ImageInputs {
  /** @throws UnsupportedImagesException when pictures cannot be understood here */
  fun forAttachment(attachment: Attachment): ImageInput

  companion object {
    const val UNAVAILABLE_MESSAGE = "Photos cannot be read here. Ask without the photo."

    val Unavailable = ImageInputs { throw UnsupportedImagesException(UNAVAILABLE_MESSAGE) }
  }
}
