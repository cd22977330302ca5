package app.lumen.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.MutableState
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.staticCompositionLocalOf

/**
 * Whether a screen inside a tab wants the whole window (the camera): the app hides its navigation
 * bar while it does. A plain state rather than a route, since such a screen lives inside its tab's
 * route and keeps that route's state (the chat it adds a picture to).
 */
val LocalFullScreen = staticCompositionLocalOf<MutableState<Boolean>> { mutableStateOf(false) }

/** Takes the whole window while this is composed. */
@Composable
fun FullScreen() {
  val fullScreen = LocalFullScreen.current
  DisposableEffect(fullScreen) {
    fullScreen.value = true
    onDispose { fullScreen.value = false }
  }
}
