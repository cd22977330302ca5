package app.lumen.app.ui

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Email
import androidx.compose.material.icons.filled.List
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.NavHostController
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import app.lumen.R
import app.lumen.app.BuildInfo

/** The top-level destinations, each a tab of the navigation bar. */
enum class Destination(val route: String, @StringRes val label: Int, val icon: ImageVector) {
  CHAT("chat", R.string.nav_chat, Icons.Filled.Email),
  MODELS("models", R.string.nav_models, Icons.Filled.List),
  SETTINGS("settings", R.string.nav_settings, Icons.Filled.Settings),
}

@Composable
fun LumenApp(buildInfo: BuildInfo, navController: NavHostController = rememberNavController()) {
  val backStack by navController.currentBackStackEntryAsState()
  val currentRoute = backStack?.destination?.route
  Scaffold(
    bottomBar = {
      NavigationBar {
        Destination.entries.forEach { destination ->
          NavigationBarItem(
            selected = currentRoute == destination.route,
            onClick = { navController.navigateToTab(destination) },
            icon = { Icon(destination.icon, contentDescription = null) },
            label = { Text(stringResource(destination.label)) },
          )
        }
      }
    }
  ) { padding ->
    NavHost(
      navController = navController,
      startDestination = Destination.CHAT.route,
      modifier = Modifier.padding(padding),
    ) {
      composable(Destination.CHAT.route) { PlaceholderScreen(R.string.chat_placeholder) }
      composable(Destination.MODELS.route) { PlaceholderScreen(R.string.models_placeholder) }
      composable(Destination.SETTINGS.route) { AboutScreen(buildInfo) }
    }
  }
}

/** Tabs keep one copy each on the back stack; back from any tab returns to Chat. */
private fun NavHostController.navigateToTab(destination: Destination) {
  navigate(destination.route) {
    popUpTo(graph.findStartDestination().id) { saveState = true }
    launchSingleTop = true
    restoreState = true
  }
}
