package app.lumen.app

import java.util.Properties

/** Facts about this build, written into `lumen-build.properties` by Maven. */
data class BuildInfo(
  val version: String,
  val onnxRuntimeVersion: String,
  /** False for builds made without `-Pdevice`: the APK then has no ONNX Runtime natives. */
  val hasOnDeviceNatives: Boolean,
) {
  companion object {
    private const val RESOURCE = "/lumen-build.properties"

    fun load(): BuildInfo {
      val props = Properties()
      BuildInfo::class.java.getResourceAsStream(RESOURCE)?.use { props.load(it) }
      return BuildInfo(
        version = props.getProperty("version", "unknown"),
        onnxRuntimeVersion = props.getProperty("onnxruntime.version", "unknown"),
        hasOnDeviceNatives = props.getProperty("onnxruntime.onDeviceNatives") == "true",
      )
    }
  }
}
