package app.lumen.app.camera

import android.Manifest
import android.app.Activity
import android.content.Context
import android.content.ContextWrapper
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import android.view.Surface
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalView
import androidx.core.app.ActivityCompat
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import app.lumen.app.AppContainer

/** A camera on screen: its [controller] and what only the activity can do for it. */
class ScreenCamera
internal constructor(
  val controller: CameraController,
  private val askPermission: () -> Unit,
  private val openSettings: () -> Unit,
) {
  /** The screen's callbacks, with [onCapture] and [onClose] of the screen's own. */
  fun actions(onCapture: () -> Unit = {}, onClose: () -> Unit = {}) =
    CameraActions(
      onCapture = onCapture,
      onSwitch = controller::switchCamera,
      onTorch = controller::toggleTorch,
      onAllow = askPermission,
      onOpenSettings = openSettings,
      onRetry = controller::retry,
      onClose = onClose,
    )
}

/**
 * A [CameraController] for as long as the caller is composed: the camera permission is asked for at
 * once (when not granted yet), the camera opens while the screen is resumed and closes when it
 * pauses or leaves. A denial asked again may show the rationale; after a permanent one (Android no
 * longer shows its prompt) only the app's system settings can allow the camera.
 */
@Composable
fun rememberCamera(container: AppContainer, use: CameraUse): ScreenCamera {
  val context = LocalContext.current
  val view = LocalView.current
  val scope = rememberCoroutineScope()
  val controller = remember {
    CameraController(
      container.newCameraSource(),
      CameraPictures(container.attachmentFiles, container.io),
      scope,
      use,
      displayRotation = { view.display?.rotation ?: Surface.ROTATION_0 },
    )
  }
  val request =
    rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
      // After a denial, Android shows its prompt again only while it would show a rationale.
      val canAskAgain =
        context.findActivity()?.let {
          ActivityCompat.shouldShowRequestPermissionRationale(it, Manifest.permission.CAMERA)
        } ?: true
      controller.onPermission(granted, canAskAgain)
    }
  LaunchedEffect(Unit) {
    if (!hasCameraPermission(context)) request.launch(Manifest.permission.CAMERA)
  }
  LifecycleEventEffect(Lifecycle.Event.ON_RESUME) {
    // Also after a return from Settings, where the user may have allowed the camera.
    if (hasCameraPermission(context)) controller.onPermission(true)
    controller.onResume()
  }
  LifecycleEventEffect(Lifecycle.Event.ON_PAUSE) { controller.onPause() }
  DisposableEffect(controller) { onDispose { controller.close() } }
  return remember(controller) {
    ScreenCamera(
      controller,
      askPermission = { request.launch(Manifest.permission.CAMERA) },
      openSettings = {
        context.startActivity(
          Intent(
              Settings.ACTION_APPLICATION_DETAILS_SETTINGS,
              Uri.fromParts("package", context.packageName, null),
            )
            .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        )
      },
    )
  }
}

private fun hasCameraPermission(context: Context) =
  ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) ==
    PackageManager.PERMISSION_GRANTED

private tailrec fun Context.findActivity(): Activity? =
  when (this) {
    is Activity -> this
    is ContextWrapper -> baseContext.findActivity()
    else -> null
  }
