package app.lumen.app.camera

import android.graphics.SurfaceTexture
import android.view.TextureView
import androidx.compose.foundation.gestures.detectTapGestures
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.viewinterop.AndroidView
import app.lumen.R

/**
 * The camera's preview: a [TextureView] whose `SurfaceTexture` goes to the controller while it
 * exists. A tap focuses there (the controller ignores it on cameras that cannot).
 */
@Composable
fun Viewfinder(controller: CameraController, modifier: Modifier = Modifier) {
  val description = stringResource(R.string.camera_viewfinder)
  AndroidView(
    factory = { context ->
      TextureView(context).apply {
        surfaceTextureListener =
          object : TextureView.SurfaceTextureListener {
            override fun onSurfaceTextureAvailable(
              texture: SurfaceTexture,
              width: Int,
              height: Int,
            ) = controller.setPreview(texture)

            override fun onSurfaceTextureSizeChanged(
              texture: SurfaceTexture,
              width: Int,
              height: Int,
            ) = Unit

            override fun onSurfaceTextureDestroyed(texture: SurfaceTexture): Boolean {
              controller.setPreview(null)
              return true
            }

            override fun onSurfaceTextureUpdated(texture: SurfaceTexture) = Unit
          }
      }
    },
    modifier =
      modifier
        .testTag("viewfinder")
        .semantics { contentDescription = description }
        .pointerInput(controller) {
          detectTapGestures { offset ->
            controller.focusAt(offset.x / size.width, offset.y / size.height)
          }
        },
  )
}
