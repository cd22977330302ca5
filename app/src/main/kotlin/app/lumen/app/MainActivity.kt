package app.lumen.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import app.lumen.app.ui.LumenApp
import app.lumen.app.ui.theme.LumenTheme

class MainActivity : ComponentActivity() {
  override fun onCreate(savedInstanceState: Bundle?) {
    enableEdgeToEdge()
    super.onCreate(savedInstanceState)
    val buildInfo = BuildInfo.load()
    setContent { LumenTheme { LumenApp(buildInfo) } }
  }
}
