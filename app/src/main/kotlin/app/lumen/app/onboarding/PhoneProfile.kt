package app.lumen.app.onboarding

import android.content.Context
import app.lumen.app.engine.DeviceMemory
import app.lumen.app.models.DeviceProfile
import java.io.File

/** What this phone offers a model now: its memory as the system reports it, and free storage. */
internal object PhoneProfile {
  /** [DeviceProfile.totalRamBytes] of a phone whose memory the system does not report. */
  const val UNKNOWN_RAM = Long.MAX_VALUE

  /** Blocking (it creates [modelsDir] to ask its file system): call it off the main thread. */
  fun read(context: Context, modelsDir: File): DeviceProfile {
    val memory = DeviceMemory.gateReadings(context)
    modelsDir.mkdirs()
    val free = modelsDir.usableSpace
    // A phone that reports no memory is treated as short of it: the smallest model is the safe bet.
    if (memory == null) return DeviceProfile(UNKNOWN_RAM, free, lowRam = true)
    return DeviceProfile(memory.totalBytes(), free, memory.lowRamDevice())
  }
}
