package app.lumen.app.engine

import android.app.ActivityManager
import android.content.Context
import app.lumen.inference.EngineOptions
import app.lumen.inference.MemoryGate

/**
 * This device's memory, from ActivityManager: the engine options sized to it (the engine sizes its
 * default context to the memory the device can give the decoder cache, so a long chat reaches
 * "context full" before the low-memory killer) and the readings [MemoryGate] weighs a model with.
 */
internal object DeviceMemory {
  /** Read when the engine is created, which is when the model is about to be loaded. */
  fun engineOptions(context: Context): EngineOptions = engineOptions(memoryInfo(context))

  /** The gate's readings now; null when the system reports no memory (then nothing is gated). */
  fun gateReadings(context: Context): MemoryGate.DeviceMemory? {
    val manager = context.getSystemService(ActivityManager::class.java) ?: return null
    val info = memoryInfo(context)
    if (info.totalMem <= 0) return null
    return MemoryGate.DeviceMemory(
      info.availMem.coerceIn(0L, info.totalMem),
      info.totalMem,
      manager.isLowRamDevice,
    )
  }

  private fun engineOptions(info: ActivityManager.MemoryInfo): EngineOptions {
    // Past `threshold` the system starts killing background apps: only what lies above it is ours.
    val available = (info.availMem - info.threshold).coerceAtLeast(0L)
    return EngineOptions.builder().availableMemoryBytes(available).build()
  }

  private fun memoryInfo(context: Context): ActivityManager.MemoryInfo {
    val info = ActivityManager.MemoryInfo()
    context.getSystemService(ActivityManager::class.java)?.getMemoryInfo(info)
    return info
  }
}
