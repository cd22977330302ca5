package app.lumen.app.ui.chat

import androidx.compose.foundation.background
import androidx.compose.foundation.gestures.detectHorizontalDragGestures
import androidx.compose.foundation.gestures.detectTapGestures
import androidx.compose.foundation.gestures.rememberTransformableState
import androidx.compose.foundation.gestures.transformable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.KeyboardArrowLeft
import androidx.compose.material.icons.automirrored.filled.KeyboardArrowRight
import androidx.compose.material.icons.filled.Close
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.IconButtonDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.key
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.graphicsLayer
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.layout.onSizeChanged
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.ui.unit.IntSize
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.Dialog
import androidx.compose.ui.window.DialogProperties
import app.lumen.R
import app.lumen.app.photos.ZoomPan
import coil3.compose.AsyncImage
import java.io.File
import kotlin.math.roundToInt

/** The pictures of one message (or of the composer) to show full screen, from [index]. */
data class PhotoViewing(val paths: List<String>, val index: Int)

/** [PhotoViewer] over everything, the whole screen; Back closes it. */
@Composable
internal fun PhotoViewerDialog(viewing: PhotoViewing, onClose: () -> Unit) {
  Dialog(
    onDismissRequest = onClose,
    properties = DialogProperties(usePlatformDefaultWidth = false),
  ) {
    PhotoViewer(viewing, onClose)
  }
}

/**
 * One picture at a time on black, fitted to the screen and decoded no larger than it (by the app's
 * loader, turned upright by its EXIF): pinch to zoom (1× to 5×) and drag to pan, double tap to zoom
 * in or out, arrows to the message's other pictures.
 */
@Composable
internal fun PhotoViewer(
  viewing: PhotoViewing,
  onClose: () -> Unit,
  modifier: Modifier = Modifier,
) {
  var index by rememberSaveable { mutableIntStateOf(viewing.index.coerceIn(viewing.paths.indices)) }
  val count = viewing.paths.size
  Box(
    modifier
      .fillMaxSize()
      .background(Color.Black)
      .swipeBetween(count) { step -> index = (index + step + count) % count }
      .testTag("photo_viewer")
  ) {
    // Each picture starts fitted: its zoom is forgotten with it.
    key(index) { ZoomablePhoto(viewing.paths[index]) }
    val onDark = IconButtonDefaults.iconButtonColors(contentColor = Color.White)
    Row(Modifier.fillMaxWidth().padding(8.dp), verticalAlignment = Alignment.CenterVertically) {
      IconButton(onClick = onClose, colors = onDark) {
        Icon(Icons.Filled.Close, stringResource(R.string.photo_viewer_close))
      }
      if (count > 1) {
        Text(
          stringResource(R.string.photo_viewer_position, index + 1, count),
          color = Color.White,
          style = MaterialTheme.typography.titleMedium,
          modifier = Modifier.testTag("viewer_position"),
        )
      }
    }
    if (count > 1) {
      IconButton(
        onClick = { index = (index - 1 + count) % count },
        colors = onDark,
        modifier = Modifier.align(Alignment.CenterStart),
      ) {
        Icon(
          Icons.AutoMirrored.Filled.KeyboardArrowLeft,
          stringResource(R.string.photo_viewer_previous),
        )
      }
      IconButton(
        onClick = { index = (index + 1) % count },
        colors = onDark,
        modifier = Modifier.align(Alignment.CenterEnd),
      ) {
        Icon(
          Icons.AutoMirrored.Filled.KeyboardArrowRight,
          stringResource(R.string.photo_viewer_next),
        )
      }
    }
  }
}

/**
 * A horizontal swipe over a fifth of the width moves [step]s to the next (-1: previous) picture.
 * The zoomed picture inside takes its drags first (to pan), so only a fitted one is swiped.
 */
private fun Modifier.swipeBetween(count: Int, step: (Int) -> Unit): Modifier =
  if (count < 2) this
  else
    pointerInput(count) {
      var dragged = 0f
      detectHorizontalDragGestures(
        onDragStart = { dragged = 0f },
        onDragEnd = {
          val far = size.width / 5f
          if (dragged < -far) step(1) else if (dragged > far) step(-1)
        },
      ) { change, amount ->
        dragged += amount
        change.consume()
      }
    }

@Composable
private fun ZoomablePhoto(path: String) {
  var zoom by remember { mutableStateOf(ZoomPan()) }
  var size by remember { mutableStateOf(IntSize.Zero) }
  val transform = rememberTransformableState { zoomChange, pan, _ ->
    zoom = zoom.transformed(zoomChange, pan.x, pan.y, size.width.toFloat(), size.height.toFloat())
  }
  val percent = (zoom.scale * 100).roundToInt()
  val zoomDescription = stringResource(R.string.photo_viewer_zoom, percent)
  AsyncImage(
    model = File(path),
    contentDescription = stringResource(R.string.photo),
    imageLoader = LocalThumbnailLoader.current,
    contentScale = ContentScale.Fit,
    modifier =
      Modifier.fillMaxSize()
        .onSizeChanged { size = it }
        .pointerInput(Unit) { detectTapGestures(onDoubleTap = { zoom = zoom.toggled() }) }
        // At 1× a drag has nothing to pan: it is left to the viewer, to swipe to another picture.
        .transformable(transform, canPan = { zoom.scale > ZoomPan.MIN_SCALE })
        .graphicsLayer {
          scaleX = zoom.scale
          scaleY = zoom.scale
          translationX = zoom.x
          translationY = zoom.y
        }
        .semantics { stateDescription = zoomDescription }
        .testTag("viewer_photo"),
  )
}
