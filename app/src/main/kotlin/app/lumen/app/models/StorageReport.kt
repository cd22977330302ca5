package app.lumen.app.models

import java.io.File

/** Where the app's bytes are, for the storage view. */
data class StorageUsage(
  val models: List<InstalledModel>,
  /** Parts of paused or failed downloads and staged updates: freed by cancelling them. */
  val unfinishedDownloadBytes: Long,
  /** Photos attached to chats: freed by deleting the chats. */
  val pictureBytes: Long,
  /** Exported chats and the self-test's model: rebuilt when needed, safe to clear. */
  val cacheBytes: Long,
  /** What the models' file system still has free. */
  val freeBytes: Long,
) {
  val modelBytes: Long
    get() = models.sumOf { it.bytes }
}

/**
 * Measures [StorageUsage] and clears the caches. Blocking: call it off the main thread.
 *
 * @param freeBytes free space of a folder's file system (injectable: tests cannot fill a disk)
 */
class StorageReport(
  private val modelsRoot: File,
  private val attachments: File,
  private val cache: File,
  private val freeBytes: (File) -> Long = { it.usableSpace },
) {
  fun measure(): StorageUsage {
    val models = InstalledModels.listIn(modelsRoot)
    val installed = models.map { it.id }.toSet()
    val unfinished =
      modelsRoot
        .listFiles()
        .orEmpty()
        .filter { it.isDirectory && it.name !in installed }
        .sumOf(FolderSizes::bytes)
    return StorageUsage(
      models = models,
      unfinishedDownloadBytes = unfinished,
      pictureBytes = FolderSizes.bytes(attachments),
      cacheBytes = FolderSizes.bytes(cache),
      freeBytes = freeBytes(modelsRoot.takeIf { it.exists() } ?: modelsRoot.parentFile),
    )
  }

  /** Deletes everything in the cache folder; returns the bytes freed. */
  fun clearCaches(): Long {
    val before = FolderSizes.bytes(cache)
    cache.listFiles().orEmpty().forEach { it.deleteRecursively() }
    return before - FolderSizes.bytes(cache)
  }
}
