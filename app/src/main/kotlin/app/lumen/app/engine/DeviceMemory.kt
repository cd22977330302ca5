package app.lumen.app.engine

import android.app.ActivityManager
import android.content.Context
import app.lumen.inference.EngineOptions

/**
 * Engine options for this device: the engine sizes its default context to the memory the device can
 * give the decoder cache, so a long chat reaches "context full" before the low-memory killer.
 */
internal object DeviceMemory {
  /** Read when the engine is created, which is when the model is about to be loaded. */
  fun engineOptions(context: Context): EngineOptions {
    val manager = context.getSystemService(ActivityManager::class.java)
    val info = ActivityManager.MemoryInfo()
    manager?.getMemoryInfo(info)
    // Past `threshold` the system starts killing background apps: only what lies above it is ours.
    val available = (info.availMem - info.threshold).coerceAtLeast(0L)
    return EngineOptions.builder().availableMemoryBytes(available).build()
  }
}
