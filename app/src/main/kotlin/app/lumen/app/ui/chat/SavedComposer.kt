package app.lumen.app.ui.chat

import androidx.lifecycle.SavedStateHandle
import app.lumen.app.data.NewAttachment
import com.google.gson.Gson
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

/** What the user is composing in one chat: words, photos, whether it edits the last message. */
internal data class Composer(
  val draft: String = "",
  val pictures: List<NewAttachment> = emptyList(),
  val editing: Boolean = false,
  /** The last request was refused because another answer had started; nothing of it was lost. */
  val refused: Boolean = false,
)

/**
 * The chat screen's own state in its [SavedStateHandle]: the conversation (once created) and the
 * [Composer]. Android may end the process while the photo picker is in front (a process holding a
 * large model is a likely one to go); the screen then comes back with the same chat and draft.
 *
 * The composer is one JSON value so that a change is seen whole. Main thread only.
 */
internal class SavedComposer(private val state: SavedStateHandle) {
  /** The conversation on screen; null until a new chat's first message creates it. */
  var conversationId: Long?
    get() = state.get<Long>(KEY_ID)?.takeIf { it > 0 }
    set(value) {
      state[KEY_ID] = value ?: NEW_CHAT
    }

  val conversationIds: Flow<Long?> =
    state.getStateFlow(KEY_ID, NEW_CHAT).map { id -> id.takeIf { it > 0 } }

  var composer: Composer
    get() = decode(state[KEY_COMPOSER])
    set(value) {
      state[KEY_COMPOSER] = GSON.toJson(value)
    }

  val composers: Flow<Composer> = state.getStateFlow<String?>(KEY_COMPOSER, null).map(::decode)

  fun update(change: (Composer) -> Composer) {
    composer = change(composer)
  }

  companion object {
    /** The chat route's argument: Navigation puts it here, 0 for a new chat. */
    const val KEY_ID = "id"
    const val NEW_CHAT = 0L
    private const val KEY_COMPOSER = "composer"
    private val GSON = Gson()

    /** A screen's state for [conversationId] (null: a new chat), as Navigation would hand it. */
    fun stateFor(conversationId: Long?) =
      SavedStateHandle(mapOf(KEY_ID to (conversationId ?: NEW_CHAT)))

    private fun decode(json: String?): Composer =
      json?.let { GSON.fromJson(it, Composer::class.java) } ?: Composer()
  }
}
