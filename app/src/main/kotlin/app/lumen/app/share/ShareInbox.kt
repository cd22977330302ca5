package app.lumen.app.share

import android.content.ContentResolver
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.NewAttachment
import java.io.IOException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** A share copied into the app, waiting for a new chat's composer. */
data class SharedDraft(
  val text: String?,
  val pictures: List<NewAttachment>,
  /** Shared pictures that could not be read (a vanished URI, a revoked permission). */
  val unreadable: Int,
)

/**
 * Receives shares from other apps. The pictures are copied into the app's picture folder at once:
 * the permission to read a shared URI lasts only as long as the activity that received it. The copy
 * then waits in [incoming] until a new chat takes it.
 */
class ShareInbox(
  private val resolver: ContentResolver,
  private val files: AttachmentFiles,
  private val scope: CoroutineScope,
  private val io: CoroutineDispatcher,
) {
  /** Where a share stands: null when there is none. */
  sealed interface Incoming {
    data object Copying : Incoming

    data class Ready(val draft: SharedDraft) : Incoming
  }

  private val state = MutableStateFlow<Incoming?>(null)

  val incoming: StateFlow<Incoming?> = state

  /** Starts copying [shared]; a share not yet taken is replaced (its pictures stay as files). */
  fun receive(shared: SharedContent) {
    state.value = Incoming.Copying
    scope.launch {
      val copies = withContext(io) { shared.pictures.map { uri -> copy(uri) } }
      val pictures = copies.filterNotNull()
      state.value =
        Incoming.Ready(SharedDraft(shared.text, pictures, unreadable = copies.size - pictures.size))
    }
  }

  /** The share that is ready, once: the next call returns null. */
  fun take(): SharedDraft? {
    val ready = state.value as? Incoming.Ready ?: return null
    return if (state.compareAndSet(ready, null)) ready.draft else null
  }

  private fun copy(uri: android.net.Uri): NewAttachment? =
    try {
      resolver.openInputStream(uri)?.use(files::save)
    } catch (e: IOException) {
      null
    } catch (e: SecurityException) {
      null // the sharing app did not grant read access
    } catch (e: IllegalArgumentException) {
      null // not an image the picture folder can store
    }
}
