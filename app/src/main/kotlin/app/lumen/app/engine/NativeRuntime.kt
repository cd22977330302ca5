package app.lumen.app.engine

import android.os.Build
import app.lumen.app.BuildInfo

/** Explains a failure to load ONNX Runtime's native libraries in words a user can act on. */
internal object NativeRuntime {
  fun unavailableMessage(error: LinkageError): String =
    unavailableMessage(error, BuildInfo.load().abis, Build.SUPPORTED_ABIS.toList())

  fun unavailableMessage(error: LinkageError, apkAbis: List<String>, deviceAbis: List<String>) =
    if (deviceAbis.none { it in apkAbis }) {
      "This APK has no ONNX Runtime for this phone's processor (${deviceAbis.firstOrNull() ?: "?"}; " +
        "the APK has ${apkAbis.joinToString(", ")}). Install the APK built for it."
    } else {
      "ONNX Runtime could not be loaded on this device: ${error.message ?: error}"
    }
}
