package app.lumen.app.photos

import android.app.ActivityManager
import android.content.Context

/**
 * How much memory the app may use now for encoding a photo: the seam between the photo budget's
 * memory guard and ActivityManager (tests give their own readings).
 */
fun interface FreeMemory {
  /** Bytes free now, safety margin taken off; null when the device gives no reading. */
  fun bytes(): Long?

  companion object {
    /** No reading: nothing is downscaled for memory. */
    val UNKNOWN = FreeMemory { null }
  }
}

/**
 * ActivityManager's available memory minus a safety margin: past the system's low-memory threshold
 * it starts killing apps, and the estimate of the encoder's working memory is rough, so at least
 * [MIN_MARGIN_BYTES] is left aside. Cheap (one binder call); any thread.
 */
class DeviceFreeMemory(context: Context) : FreeMemory {
  private val manager = context.applicationContext.getSystemService(ActivityManager::class.java)

  override fun bytes(): Long? {
    val info = ActivityManager.MemoryInfo()
    manager?.getMemoryInfo(info) ?: return null
    if (info.totalMem <= 0) return null
    val margin = maxOf(info.threshold, MIN_MARGIN_BYTES)
    return (info.availMem - margin).coerceAtLeast(0L)
  }

  companion object {
    /** The encoder estimate leaves out the runtime's own buffers; a quarter GB covers them. */
    const val MIN_MARGIN_BYTES = 256L * 1024 * 1024
  }
}
