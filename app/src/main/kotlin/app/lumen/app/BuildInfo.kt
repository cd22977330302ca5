package app.lumen.app

import java.util.Properties

/** Facts about this build, written into `lumen-build.properties` by Maven. */
data class BuildInfo(
  val version: String,
  val onnxRuntimeVersion: String,
  /** The ABIs whose ONNX Runtime libraries this APK carries (`-Dlumen.abis`). */
  val abis: List<String>,
) {
  /** Whether this APK can run models on a device whose ABIs are [deviceAbis] (best first). */
  fun runsOn(deviceAbis: List<String>): Boolean = deviceAbis.any { it in abis }

  companion object {
    private const val RESOURCE = "/lumen-build.properties"

    fun load(): BuildInfo {
      val props = Properties()
      BuildInfo::class.java.getResourceAsStream(RESOURCE)?.use { props.load(it) }
      return BuildInfo(
        version = props.getProperty("version", "unknown"),
        onnxRuntimeVersion = props.getProperty("onnxruntime.version", "unknown"),
        abis = props.getProperty("abis", "").split(',').map { it.trim() }.filter { it.isNotEmpty() },
      )
    }
  }
}
