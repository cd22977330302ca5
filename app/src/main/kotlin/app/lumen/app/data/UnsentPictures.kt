package app.lumen.app.data

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch

/**
 * Deletes the files of photos that were picked but will never be sent (removed from a draft, or
 * left in a draft whose screen is gone for good). The deletion runs in [scope], which outlives the
 * screen that asked for it.
 *
 * Threading: [discard] may be called from any thread; the files go on [io].
 */
class UnsentPictures(
  private val files: AttachmentFiles,
  private val scope: CoroutineScope,
  private val io: CoroutineDispatcher,
) {
  fun discard(pictures: List<NewAttachment>) {
    if (pictures.isEmpty()) return
    scope.launch(io) {
      for (picture in pictures) {
        files.delete(picture.filePath)
        picture.thumbnailPath?.let(files::delete)
      }
    }
  }
}
