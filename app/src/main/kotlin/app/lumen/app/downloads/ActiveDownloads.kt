package app.lumen.app.downloads

import app.lumen.download.DownloadTask
import java.util.concurrent.ConcurrentHashMap

/**
 * The tasks this process's workers are running, by package id. A worker stopped by WorkManager
 * pauses its task, unless [ModelDownloads.cancel] marked it first: then it cancels the task, so the
 * downloader deletes what it wrote while it still holds the package. Thread-safe.
 */
class ActiveDownloads {
  private val tasks = ConcurrentHashMap<String, DownloadTask>()
  private val cancelling = ConcurrentHashMap.newKeySet<String>()

  fun register(id: String, task: DownloadTask) {
    tasks[id] = task
  }

  fun unregister(id: String, task: DownloadTask) {
    if (tasks.remove(id, task)) cancelling.remove(id)
  }

  operator fun get(id: String): DownloadTask? = tasks[id]

  /** Marks the running task of [id] to be cancelled when its worker stops; false if none runs. */
  fun markCancelled(id: String): Boolean {
    if (tasks[id] == null) return false
    cancelling += id
    return true
  }

  fun isCancelled(id: String) = id in cancelling
}
