package app.lumen.app.models

import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext

/**
 * The download sizes of [entries] by id: first those the catalog or the cache know, then again
 * after each one the Hub answers, asked one entry at a time on [io]. An entry the Hub cannot answer
 * for (offline, refused) stays out of the map; nothing else changes.
 */
fun PackageSizes.learn(
  entries: List<CatalogEntry>,
  io: CoroutineDispatcher,
): Flow<Map<String, Long>> = flow {
  var sizes =
    withContext(io) { entries.mapNotNull { e -> cached(e)?.let { e.id() to it } } }.toMap()
  emit(sizes)
  for (entry in entries.filter { it.id() !in sizes }) {
    val bytes =
      withContext(io) {
        try {
          size(entry)
        } catch (e: DownloadException) {
          null
        }
      } ?: continue
    sizes = sizes + (entry.id() to bytes)
    emit(sizes)
  }
}
