package app.lumen.app.camera

import androidx.activity.compose.BackHandler
import androidx.annotation.StringRes
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilledIconButton
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.IconButtonDefaults
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableFloatStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.AppContainer
import app.lumen.app.data.NewAttachment
import kotlinx.coroutines.launch

/** The callbacks of the stateless camera screen. */
data class CameraActions(
  val onCapture: () -> Unit = {},
  val onSwitch: () -> Unit = {},
  val onTorch: () -> Unit = {},
  val onAllow: () -> Unit = {},
  val onOpenSettings: () -> Unit = {},
  val onRetry: () -> Unit = {},
  val onClose: () -> Unit = {},
)

/**
 * The in-app camera: takes one picture for the chat's composer, then closes. Opens from the chat's
 * camera button; Back closes it without a picture.
 */
@Composable
fun CameraRoute(container: AppContainer, onPicture: (NewAttachment) -> Unit, onClose: () -> Unit) {
  val camera = rememberCamera(container, CameraUse.PHOTO)
  val state by camera.controller.state.collectAsStateWithLifecycle()
  val scope = rememberCoroutineScope()
  BackHandler(onBack = onClose)
  CameraScreen(
    state,
    camera.actions(
      onCapture = {
        scope.launch {
          camera.controller.capture()?.let {
            onPicture(it)
            onClose()
          }
        }
      },
      onClose = onClose,
    ),
    viewfinder = { Viewfinder(camera.controller, it) },
  )
}

/** The camera screen for [state]; [viewfinder] draws the preview (a plain box in tests). */
@Composable
fun CameraScreen(
  state: CameraState,
  actions: CameraActions,
  viewfinder: @Composable (Modifier) -> Unit,
) {
  Box(Modifier.fillMaxSize().background(Color.Black).testTag("camera")) {
    Column(Modifier.fillMaxSize()) {
      Row(Modifier.fillMaxWidth().padding(8.dp), verticalAlignment = Alignment.CenterVertically) {
        IconButton(onClick = actions.onClose) {
          Icon(Icons.Filled.Close, stringResource(R.string.camera_close), tint = Color.White)
        }
        Spacer(Modifier.weight(1f))
        if (state is CameraState.Previewing && state.canTorch) TorchButton(state.torchOn, actions)
      }
      Box(Modifier.fillMaxWidth().weight(1f), contentAlignment = Alignment.Center) {
        // The preview's own shape; kept while a picture is taken.
        var aspect by remember { mutableFloatStateOf(3f / 4f) }
        if (state is CameraState.Previewing) aspect = state.aspect
        when (state) {
          is CameraState.Previewing,
          CameraState.Capturing -> viewfinder(Modifier.aspectRatio(aspect))
          else -> CameraMessage(state, actions)
        }
      }
      Row(
        Modifier.fillMaxWidth().padding(24.dp),
        horizontalArrangement = Arrangement.SpaceEvenly,
        verticalAlignment = Alignment.CenterVertically,
      ) {
        val previewing = state as? CameraState.Previewing
        Box(Modifier.size(48.dp)) {
          if (previewing?.canSwitch == true) {
            IconButton(onClick = actions.onSwitch) {
              Icon(Icons.Filled.Refresh, stringResource(R.string.camera_switch), tint = Color.White)
            }
          }
        }
        FilledIconButton(
          onClick = actions.onCapture,
          enabled = previewing != null,
          shape = CircleShape,
          colors =
            IconButtonDefaults.filledIconButtonColors(
              containerColor = Color.White,
              contentColor = Color.Black,
            ),
          modifier = Modifier.size(72.dp).testTag("shutter"),
        ) {
          Icon(CameraIcons.Camera, stringResource(R.string.camera_capture))
        }
        Spacer(Modifier.size(48.dp))
      }
    }
  }
}

@Composable
private fun TorchButton(on: Boolean, actions: CameraActions) {
  IconButton(onClick = actions.onTorch) {
    Icon(
      if (on) CameraIcons.TorchOn else CameraIcons.TorchOff,
      stringResource(if (on) R.string.camera_torch_off else R.string.camera_torch_on),
      tint = Color.White,
    )
  }
}

/**
 * What stands in the viewfinder's place when there is no picture: the permission's explanation, the
 * way to Settings, a failure, or a spinner while opening.
 */
@Composable
internal fun CameraMessage(state: CameraState, actions: CameraActions) {
  // Always over the black of the viewfinder's place.
  val color = Color.White
  Column(
    Modifier.padding(24.dp).testTag("camera_message"),
    horizontalAlignment = Alignment.CenterHorizontally,
    verticalArrangement = Arrangement.spacedBy(12.dp),
  ) {
    when (state) {
      CameraState.NeedsPermission,
      CameraState.Opening,
      CameraState.Closed -> CircularProgressIndicator(color = color)
      is CameraState.PermissionDenied ->
        if (state.permanently) {
          Explanation(R.string.camera_permission_denied, color)
          Action(R.string.camera_open_settings, actions.onOpenSettings)
        } else {
          Explanation(R.string.camera_permission_rationale, color)
          Action(R.string.camera_permission_allow, actions.onAllow)
        }
      is CameraState.Failed -> {
        Explanation(problemText(state.problem), color)
        if (state.problem != CameraProblem.NO_CAMERA) Action(R.string.camera_retry, actions.onRetry)
      }
      is CameraState.Previewing,
      CameraState.Capturing -> Unit
    }
  }
}

@Composable
private fun Explanation(@StringRes text: Int, color: Color) =
  Text(stringResource(text), color = color, textAlign = TextAlign.Center)

@Composable
private fun Action(@StringRes label: Int, onClick: () -> Unit) =
  Button(onClick = onClick) { Text(stringResource(label)) }

private fun problemText(problem: CameraProblem) =
  when (problem) {
    CameraProblem.NO_CAMERA -> R.string.camera_no_camera
    CameraProblem.UNAVAILABLE -> R.string.camera_unavailable
    CameraProblem.FAILED -> R.string.camera_failed
    CameraProblem.NOT_SAVED -> R.string.camera_not_saved
  }
