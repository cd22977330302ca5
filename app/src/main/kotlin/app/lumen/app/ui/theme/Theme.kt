package app.lumen.app.ui.theme

import android.os.Build
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext

private val LumenLight =
  lightColorScheme(
    primary = Color(0xFF3A5BA9),
    secondary = Color(0xFF8A6D1F),
    tertiary = Color(0xFF7A4F8E),
  )

private val LumenDark =
  darkColorScheme(
    primary = Color(0xFFB0C6FF),
    secondary = Color(0xFFFFD166),
    tertiary = Color(0xFFE6B6FF),
  )

/** Lumen's Material 3 theme: the wallpaper's colours on Android 12+, Lumen's own before. */
@Composable
fun LumenTheme(
  darkTheme: Boolean = isSystemInDarkTheme(),
  dynamicColor: Boolean = true,
  content: @Composable () -> Unit,
) {
  val colorScheme =
    when {
      dynamicColor && Build.VERSION.SDK_INT >= Build.VERSION_CODES.S -> {
        val context = LocalContext.current
        if (darkTheme) dynamicDarkColorScheme(context) else dynamicLightColorScheme(context)
      }
      darkTheme -> LumenDark
      else -> LumenLight
    }
  MaterialTheme(colorScheme = colorScheme, content = content)
}
