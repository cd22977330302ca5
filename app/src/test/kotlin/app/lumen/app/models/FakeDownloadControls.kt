package app.lumen.app.models

import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.download.CatalogEntry
import kotlinx.coroutines.flow.MutableStateFlow

/**
 * Downloads as the screens see them, played by the test: [states] is what WorkManager would report,
 * [enqueued], [resumed] and [cancelled] what the screens asked for, [result] the answer to each
 * request.
 */
class FakeDownloadControls : DownloadControls {
  val states = MutableStateFlow<Map<String, PackageDownloadState>>(emptyMap())
  val enqueued = mutableListOf<String>()
  /** The entries of [enqueued], for what a "From Hugging Face" look-up put in them. */
  val enqueuedEntries = mutableListOf<CatalogEntry>()
  val resumed = mutableListOf<String>()
  val cancelled = mutableListOf<String>()
  var result: EnqueueResult = EnqueueResult.Enqueued

  override fun states() = states

  override suspend fun enqueue(entry: CatalogEntry, wifiOnly: Boolean): EnqueueResult {
    enqueued += "${entry.id()} wifiOnly=$wifiOnly"
    enqueuedEntries += entry
    return result
  }

  override suspend fun pause(id: String) = true

  override suspend fun resume(id: String): EnqueueResult {
    resumed += id
    return result
  }

  override suspend fun cancel(id: String) {
    cancelled += id
  }

  /** What WorkManager would report next for [id]. */
  fun report(id: String, state: PackageDownloadState) {
    states.value = states.value + (id to state)
  }
}
