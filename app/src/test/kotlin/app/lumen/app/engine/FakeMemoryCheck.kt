package app.lumen.app.engine

import app.lumen.inference.InferenceException
import app.lumen.inference.MemoryGate
import java.io.File

/** Memory readings a test chooses, weighed by the real [MemoryGate]; unchecked until set. */
class FakeMemoryCheck : MemoryCheck {
  private var decision: MemoryGate.Decision? = null
  private var failure: InferenceException? = null

  /** How many times a load was weighed. */
  var checks = 0
    private set

  /** A model named [modelName] needing [neededBytes], on a device with these readings. */
  fun readings(modelName: String, neededBytes: Long, availableBytes: Long, totalBytes: Long) {
    decision =
      MemoryGate.check(
        modelName,
        neededBytes,
        MemoryGate.DeviceMemory(availableBytes, totalBytes, false),
      )
  }

  /** The package cannot be weighed, as when the engine does not run its family. */
  fun failWith(failure: InferenceException) {
    this.failure = failure
  }

  override fun check(packageDir: File): MemoryGate.Decision? {
    checks++
    failure?.let { throw it }
    return decision
  }
}
