package app.lumen.app.engine

import android.content.Context
import app.lumen.R
import app.lumen.inference.MemoryForecast
import app.lumen.inference.MemoryGate
import java.io.File

/**
 * Whether the package in a folder can be loaded with the memory this device has now, asked before
 * every load ([EngineHost]). Reads files: call it off the main thread.
 */
fun interface MemoryCheck {
  /**
   * The gate's decision for the package in [packageDir]; null when there is nothing to weigh it
   * against (the load then goes ahead).
   *
   * @throws app.lumen.inference.InferenceException when the package cannot be read or its family is
   *   not run by this engine
   */
  fun check(packageDir: File): MemoryGate.Decision?

  companion object {
    /** Never stands in the way of a load. */
    val UNCHECKED = MemoryCheck { null }
  }
}

/**
 * The engine's forecast of the package against ActivityManager's readings. The forecast uses the
 * options the engine is created with ([DeviceMemory.engineOptions]), read at the same moment, so
 * the context it assumes is the one the load will choose.
 */
internal class DeviceMemoryCheck(private val context: Context) : MemoryCheck {
  override fun check(packageDir: File): MemoryGate.Decision? {
    val device = DeviceMemory.gateReadings(context) ?: return null
    val forecast = MemoryForecast.of(packageDir.toPath(), DeviceMemory.engineOptions(context))
    return MemoryGate.check(forecast, device)
  }
}

/** The gate's refusals in the user's language, with the numbers. */
internal object MemoryMessages {
  private const val GB = 1e9

  fun of(context: Context, decision: MemoryGate.Decision): String {
    val needed = decision.neededBytes() / GB
    val free = decision.device().availableBytes() / GB
    return when (decision.verdict()) {
      MemoryGate.Verdict.TOO_LARGE ->
        context.getString(
          R.string.memory_too_large,
          decision.modelName(),
          needed,
          free,
          decision.device().usableBytes() / GB,
        )
      else -> context.getString(R.string.memory_tight, decision.modelName(), needed, free)
    }
  }
}
