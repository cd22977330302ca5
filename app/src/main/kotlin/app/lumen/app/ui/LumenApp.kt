package app.lumen.app.ui

import android.Manifest
import android.content.ActivityNotFoundException
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.widget.Toast
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
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
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.core.content.ContextCompat
import androidx.lifecycle.SavedStateHandle
import androidx.lifecycle.createSavedStateHandle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavBackStackEntry
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import app.lumen.R
import app.lumen.app.AppContainer
import app.lumen.app.BuildInfo
import app.lumen.app.LumenApplication
import app.lumen.app.camera.CameraRoute
import app.lumen.app.camera.rememberLiveAsk
import app.lumen.app.chat.ChatRules
import app.lumen.app.models.DocumentTreeSource
import app.lumen.app.models.ModelsScreen
import app.lumen.app.models.ModelsViewModel
import app.lumen.app.onboarding.OnboardingScreen
import app.lumen.app.onboarding.OnboardingViewModel
import app.lumen.app.onboarding.PhoneProfile
import app.lumen.app.selftest.SelfTestScreen
import app.lumen.app.selftest.SelfTestViewModel
import app.lumen.app.ui.chat.ChatScreen
import app.lumen.app.ui.chat.ChatViewModel
import app.lumen.app.ui.chat.LocalThumbnailLoader
import app.lumen.app.ui.conversations.ConversationsScreen
import app.lumen.app.ui.conversations.ConversationsViewModel
import app.lumen.app.voice.VoiceSettings
import app.lumen.app.voice.rememberChatVoice
import app.lumen.inference.EngineSupport
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** The top-level destinations, each a tab of the navigation bar. */
enum class Destination(val route: String, @StringRes val label: Int, val icon: ImageVector) {
  CHAT("chat", R.string.nav_chat, Icons.Filled.Email),
  MODELS("models", R.string.nav_models, Icons.Filled.List),
  SETTINGS("settings", R.string.nav_settings, Icons.Filled.Settings),
}

/** The self-test, under Settings so its tab stays selected. */
private const val SELFTEST_ROUTE = "settings/selftest"

/** One chat; id 0 opens a new chat that is created on its first message. */
private const val CHAT_ROUTE = "chat/{id}"

private fun chatRoute(id: Long) = "chat/$id"

/** Whether a chat's point-and-ask is on, in its back stack entry's state. */
private const val LIVE_KEY = "live"

private fun liveAskOn(entry: NavBackStackEntry) =
  entry.savedStateHandle.get<Boolean>(LIVE_KEY) == true

/** The first-run recommendation; also opened from Models. A screen of its own, without tabs. */
private const val SETUP_ROUTE = "setup"

/** Under the Settings tab, so the tab stays selected. */
private const val LICENCES_ROUTE = "settings/licences"

@Composable
fun LumenApp(buildInfo: BuildInfo, navController: NavHostController = rememberNavController()) {
  val container = (LocalContext.current.applicationContext as LumenApplication).container
  val backStack by navController.currentBackStackEntryAsState()
  val currentRoute = backStack?.destination?.route
  CompositionLocalProvider(LocalThumbnailLoader provides container.imageLoader) {
    LumenScaffold(buildInfo, navController, container, currentRoute)
  }
  // The NavHost sets its graph when the scaffold lays out its content, after this composition:
  // until a route is current, there is nowhere to navigate from.
  if (currentRoute != null) {
    OpenFirstRun(container, navController)
    OpenShare(container, navController, currentRoute)
  }
}

@Composable
private fun LumenScaffold(
  buildInfo: BuildInfo,
  navController: NavHostController,
  container: AppContainer,
  currentRoute: String?,
) {
  val fullScreen = remember { mutableStateOf(false) }
  Scaffold(
    bottomBar = {
      if (currentRoute != SETUP_ROUTE && !fullScreen.value)
        NavigationBar {
          Destination.entries.forEach { destination ->
            NavigationBarItem(
              selected = currentRoute?.substringBefore('/') == destination.route,
              onClick = { navController.navigateToTab(destination) },
              icon = { Icon(destination.icon, contentDescription = null) },
              label = { Text(stringResource(destination.label)) },
            )
          }
        }
    }
  ) { padding ->
    CompositionLocalProvider(LocalFullScreen provides fullScreen) {
      NavHost(
        navController = navController,
        startDestination = Destination.CHAT.route,
        modifier = Modifier.padding(padding),
      ) {
        composable(Destination.CHAT.route) {
          val viewModel = viewModel {
            ConversationsViewModel(container.repository, container.scope, container.runner)
          }
          ConversationsScreen(
            viewModel,
            onOpen = { navController.navigate(chatRoute(it)) },
            onNewChat = { navController.navigate(chatRoute(0)) },
          )
        }
        composable(CHAT_ROUTE, arguments = listOf(navArgument("id") { type = NavType.LongType })) {
          entry ->
          val id = entry.arguments?.getLong("id")?.takeIf { it > 0 }
          ChatRoute(
            container,
            id,
            entry.savedStateHandle,
            onOpenModels = { navController.navigateToTab(Destination.MODELS) },
            onBack = { navController.popBackStack() },
            onOpenConversation = {
              navController.navigate(chatRoute(it)) { popUpTo(Destination.CHAT.route) }
            },
            onCreated = { created ->
              // The new chat's screen becomes the chat's own: its route names the conversation, and
              // back still leads to the list. The answer goes on in the runner meanwhile.
              navController.navigate(chatRoute(created)) {
                popUpTo(CHAT_ROUTE) { inclusive = true }
              }
              // Point-and-ask stays on for the chat's next questions.
              navController.currentBackStackEntry?.savedStateHandle?.set(LIVE_KEY, liveAskOn(entry))
            },
          )
        }
        composable(Destination.MODELS.route) {
          val viewModel = viewModel {
            ModelsViewModel(
              container.catalog,
              container.downloads,
              container.installedModels,
              container.packageSizes,
              container.storage,
              EngineSupport::runs,
              container.io,
              container.packageImport,
              hubLookup = container.hubLookup,
              addedPackages = container.addedPackages,
            )
          }
          val context = LocalContext.current
          val pickFolder =
            rememberLauncherForActivityResult(ActivityResultContracts.OpenDocumentTree()) { tree ->
              tree?.let { viewModel.importFolder(DocumentTreeSource(context.contentResolver, it)) }
            }
          ModelsScreen(
            viewModel,
            onOpenSetup = { navController.navigate(SETUP_ROUTE) },
            onImportFolder = {
              try {
                pickFolder.launch(null)
              } catch (e: ActivityNotFoundException) {
                // Some stripped-down builds of Android have no document picker at all.
                viewModel.refuse(context.getString(R.string.models_no_folder_picker))
              }
            },
          )
        }
        composable(SETUP_ROUTE) { SetupRoute(container, navController) }
        composable(Destination.SETTINGS.route) {
          AboutScreen(
            buildInfo,
            onOpenLicences = { navController.navigate(LICENCES_ROUTE) },
            onOpenSelfTest = { navController.navigate(SELFTEST_ROUTE) },
            settings = {
              PhotoDetailSetting(container.preferences)
              VoiceSettings()
            },
          )
        }
        composable(LICENCES_ROUTE) { LicencesRoute() }
        composable(SELFTEST_ROUTE) {
          val viewModel = viewModel { SelfTestViewModel(container.selfTest) }
          SelfTestScreen(viewModel, onBack = { navController.popBackStack() })
        }
      }
    }
  }
}

/**
 * Opens the recommendation once at launch while the first run is pending. Saved across
 * configuration changes: the back stack already holds the screen then.
 */
@Composable
private fun OpenFirstRun(container: AppContainer, navController: NavHostController) {
  var checked by rememberSaveable { mutableStateOf(false) }
  LaunchedEffect(checked) {
    if (checked) return@LaunchedEffect
    // Something shared with the app goes to a chat first; the recommendation waits for next time.
    val sharing = container.shareInbox.incoming.value != null
    if (!sharing && withContext(container.io) { container.firstRun.pending() }) {
      navController.navigate(SETUP_ROUTE)
    }
    checked = true
  }
}

/** Opens a new chat for a share from another app; the new chat's composer takes it. */
@Composable
private fun OpenShare(
  container: AppContainer,
  navController: NavHostController,
  currentRoute: String?,
) {
  val incoming by container.shareInbox.incoming.collectAsState()
  val onNewChat = currentRoute == CHAT_ROUTE && backStackHasNewChat(navController)
  LaunchedEffect(incoming != null, onNewChat) {
    if (incoming != null && !onNewChat) {
      navController.navigate(chatRoute(0)) { launchSingleTop = true }
    }
  }
}

/** Whether the chat on screen is a new one (id 0), which can take a share into its composer. */
private fun backStackHasNewChat(navController: NavHostController): Boolean =
  navController.currentBackStackEntry?.arguments?.getLong("id") == 0L

@Composable
private fun SetupRoute(container: AppContainer, navController: NavHostController) {
  val context = LocalContext.current.applicationContext
  val viewModel = viewModel {
    OnboardingViewModel(
      container.catalog,
      container.downloads,
      container.packageSizes,
      readDevice = { PhoneProfile.read(context, container.modelsDir) },
      runs = EngineSupport::runs,
      firstRun = container.firstRun,
      io = container.io,
    )
  }
  OnboardingScreen(
    viewModel,
    onReady = {
      navController.navigate(chatRoute(0)) { popUpTo(SETUP_ROUTE) { inclusive = true } }
    },
    onLeave = { navController.popBackStack() },
  )
}

/** The chat screen with what only an Activity can do: the photo picker and permission prompt. */
@Composable
private fun ChatRoute(
  container: AppContainer,
  id: Long?,
  /** The chat's entry's own state: whether point-and-ask is on. */
  routeState: SavedStateHandle,
  onOpenModels: () -> Unit,
  onBack: () -> Unit,
  onOpenConversation: (Long) -> Unit,
  onCreated: (Long) -> Unit,
) {
  val context = LocalContext.current
  val scope = rememberCoroutineScope()
  val viewModel =
    viewModel(key = "chat-$id") {
      // Navigation puts the route's id into the handle; the ViewModel keeps the rest there too.
      ChatViewModel(
        createSavedStateHandle(),
        container.repository,
        container.runner,
        container.connection,
        container.unsentPictures,
        readModelName = { withContext(container.io) { container.installedModels.activeName() } },
        photoCosts = container.photoCosts,
        budgetChoice = container.preferences,
      )
    }
  if (id == null) {
    // A new chat's conversation exists from its first message on.
    val created = viewModel.uiState.collectAsState().value.conversationId
    LaunchedEffect(created) { created?.let(onCreated) }
    TakeShare(container, viewModel)
  }
  val pickPhotos =
    rememberLauncherForActivityResult(
      ActivityResultContracts.PickMultipleVisualMedia(ChatRules.MAX_PICTURES)
    ) { uris: List<Uri> ->
      // Copied in the order picked; the ViewModel keeps at most the message's limit.
      scope.launch {
        for (uri in uris) {
          val picture =
            withContext(container.io) {
              runCatching {
                  context.contentResolver.openInputStream(uri)?.use {
                    container.attachmentFiles.save(it)
                  }
                }
                .getOrNull()
            }
          picture?.let(viewModel::addPicture)
        }
      }
    }
  // Asked once per install, at the first send: that is when a progress notification starts to
  // matter. Asking in every chat would nag; after a refusal Android's own rules apply.
  val notificationPermission =
    rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) {}
  val beforeSend = {
    if (
      Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
        !container.preferences.notificationPermissionAsked &&
        ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) !=
          PackageManager.PERMISSION_GRANTED
    ) {
      container.preferences.notificationPermissionAsked = true
      notificationPermission.launch(Manifest.permission.POST_NOTIFICATIONS)
    }
  }
  var cameraOpen by rememberSaveable { mutableStateOf(false) }
  val live by routeState.getStateFlow(LIVE_KEY, false).collectAsState()
  if (cameraOpen) {
    FullScreen()
    CameraRoute(container, onPicture = viewModel::addPicture, onClose = { cameraOpen = false })
    return
  }
  val liveAsk = if (live) rememberLiveAsk(container, viewModel, beforeSend) else null
  ChatScreen(
    viewModel,
    onOpenModels = onOpenModels,
    onBack = onBack,
    onOpenConversation = onOpenConversation,
    onAttachPhoto = {
      pickPhotos.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly))
    },
    beforeSend = beforeSend,
    onOpenCamera = {
      // One camera at a time: the still camera takes over from point-and-ask.
      routeState[LIVE_KEY] = false
      cameraOpen = true
    },
    voice = rememberChatVoice(container.speechInput, container.readAloud, viewModel),
    onToggleLive = { routeState[LIVE_KEY] = !live },
    livePanel = liveAsk?.panel,
    send = liveAsk?.send,
  )
}

/** A new chat takes what another app shared into its composer, and says what could not be read. */
@Composable
private fun TakeShare(container: AppContainer, viewModel: ChatViewModel) {
  val context = LocalContext.current
  val incoming by container.shareInbox.incoming.collectAsState()
  LaunchedEffect(incoming) {
    val shared = container.shareInbox.take() ?: return@LaunchedEffect
    viewModel.receiveShare(shared)
    if (shared.unreadable > 0) {
      val text =
        context.resources.getQuantityString(
          R.plurals.share_unreadable,
          shared.unreadable,
          shared.unreadable,
        )
      Toast.makeText(context, text, Toast.LENGTH_LONG).show()
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
