package app.lumen.app

import android.content.Intent
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.navigation.NavHostController
import androidx.navigation.compose.rememberNavController
import app.lumen.app.share.SharedContent
import app.lumen.app.ui.LumenApp
import app.lumen.app.ui.theme.LumenTheme

class MainActivity : ComponentActivity() {
  /** Where the app is; tests read the screen's route from it. */
  internal lateinit var navController: NavHostController
    private set

  override fun onCreate(savedInstanceState: Bundle?) {
    enableEdgeToEdge()
    super.onCreate(savedInstanceState)
    // A share opens the app: a recreated activity has taken it already.
    if (savedInstanceState == null) receiveShare(intent)
    val buildInfo = BuildInfo.load()
    setContent {
      val navigation = rememberNavController().also { navController = it }
      LumenTheme { LumenApp(buildInfo, navigation) }
    }
  }

  override fun onNewIntent(intent: Intent) {
    super.onNewIntent(intent)
    receiveShare(intent)
  }

  private fun receiveShare(intent: Intent?) {
    SharedContent.from(intent)?.let {
      (application as LumenApplication).container.shareInbox.receive(it)
    }
  }
}
