package app.lumen.app.models

import app.lumen.download.CatalogEntry
import app.lumen.pkg.PackageManifest

/** What a phone offers a model, read from `ActivityManager.MemoryInfo` and the models' disk. */
data class DeviceProfile(
  val totalRamBytes: Long,
  val freeStorageBytes: Long,
  /** `ActivityManager.isLowRamDevice`: the system itself says this phone is short of memory. */
  val lowRam: Boolean,
)

/** The outcome of [ModelRecommendation.recommend]. */
sealed interface Recommendation {
  data class Pick(val entry: CatalogEntry) : Recommendation

  /** Nothing this version runs fits: [smallestRamMb] and [smallestBytes] say by how much. */
  data class NoneFits(val smallestRamMb: Long, val smallestBytes: Long?) : Recommendation
}

/**
 * Chooses the model a new user should download: the largest this version runs that fits the phone's
 * memory and storage, with a vision graph when the user wants to ask about photos.
 *
 * Why the largest that fits: within one family a bigger model answers better, and the catalog's
 * `min_ram_mb` already includes the headroom the app and the system need. A low-RAM phone gets the
 * smallest, because the system kills its background apps early and a large model would be the first
 * victim.
 *
 * @param runnable whether this engine runs an entry's family
 * @param bytes the size of an entry's download, null while it is not known (then storage is checked
 *   when the download is enqueued)
 */
class ModelRecommendation(
  private val runnable: (CatalogEntry) -> Boolean,
  private val bytes: (CatalogEntry) -> Long?,
) {
  fun recommend(
    catalog: List<CatalogEntry>,
    device: DeviceProfile,
    wantsPhotos: Boolean,
  ): Recommendation {
    val candidates =
      catalog.filter { runnable(it) && (!wantsPhotos || it.hasVision()) }.sortedBy { it.minRamMb() }
    if (candidates.isEmpty()) return Recommendation.NoneFits(0, null)
    val fitting = candidates.filter { fitsRam(it, device) && fitsStorage(it, device) }
    val pick = if (device.lowRam) fitting.firstOrNull() else fitting.lastOrNull()
    if (pick != null) return Recommendation.Pick(pick)
    val smallest = candidates.first()
    return Recommendation.NoneFits(smallest.minRamMb(), bytes(smallest))
  }

  private fun fitsRam(entry: CatalogEntry, device: DeviceProfile) =
    entry.minRamMb() * MIB <= device.totalRamBytes

  private fun fitsStorage(entry: CatalogEntry, device: DeviceProfile): Boolean {
    val size = bytes(entry) ?: return true
    return size + STORAGE_MARGIN_BYTES <= device.freeStorageBytes
  }

  companion object {
    private const val MIB = 1L shl 20

    /** Left free after a download: a full disk makes the database and the system fail. */
    const val STORAGE_MARGIN_BYTES = 512L shl 20
  }
}

/** Whether the package answers about photos. */
fun CatalogEntry.hasVision() = graphs().containsKey(PackageManifest.ROLE_VISION)
