package app.lumen.app.voice

import android.Manifest
import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.ContextWrapper
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.core.app.ActivityCompat
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.repeatOnLifecycle
import app.lumen.app.ui.chat.ChatViewModel
import java.util.Locale

/** Voice in one chat screen: its state and what its controls do. */
class ChatVoice(val state: VoiceUiState, val actions: VoiceActions)

/**
 * Voice for the chat of [viewModel]: the microphone dictates into its draft (the microphone
 * permission is asked at the first tap, not before), answers are read aloud by [readAloud], and
 * with auto-read on, each answer that finishes while this screen is shown is read. Listening ends
 * when the screen goes.
 */
@Composable
fun rememberChatVoice(
  speechInput: SpeechInput,
  readAloud: ReadAloud,
  viewModel: ChatViewModel,
): ChatVoice {
  val context = LocalContext.current
  val dictation = remember(speechInput) { Dictation(speechInput) }
  DisposableEffect(dictation) { onDispose { dictation.cancel() } }
  var micNotice by remember { mutableStateOf<VoiceNotice?>(null) }

  fun listen() {
    micNotice = null
    dictation.start(viewModel.uiState.value.draft, appLocale(context), viewModel::onDraftChange)
  }

  val micPermission =
    rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
      when {
        granted -> listen()
        // Android no longer shows its prompt once the user has refused twice: only the app's
        // settings can turn the microphone on then.
        context.findActivity()?.let {
          ActivityCompat.shouldShowRequestPermissionRationale(it, Manifest.permission.RECORD_AUDIO)
        } == true -> micNotice = VoiceNotice.MIC_DENIED
        else -> micNotice = VoiceNotice.MIC_DENIED_FOREVER
      }
    }

  ReadFinishedAnswers(readAloud, viewModel)

  val listening by dictation.listening.collectAsStateWithLifecycle()
  val speechProblem by dictation.problem.collectAsStateWithLifecycle()
  val reading by readAloud.reading.collectAsStateWithLifecycle()
  val autoRead by readAloud.autoRead.collectAsStateWithLifecycle()
  val speakProblem by readAloud.problem.collectAsStateWithLifecycle()
  val notice =
    micNotice ?: speechProblem?.let(VoiceNotice::of) ?: speakProblem?.let(VoiceNotice::of)
  return ChatVoice(
    VoiceUiState(listening = listening, reading = reading, autoRead = autoRead, notice = notice),
    VoiceActions(
      onMicrophone = {
        when {
          listening -> dictation.stop()
          !speechInput.isAvailable() -> micNotice = VoiceNotice.NO_RECOGNIZER
          ContextCompat.checkSelfPermission(context, Manifest.permission.RECORD_AUDIO) ==
            PackageManager.PERMISSION_GRANTED -> listen()
          else -> micPermission.launch(Manifest.permission.RECORD_AUDIO)
        }
      },
      onReadAloud = readAloud::read,
      onStopReading = readAloud::stop,
      onAutoReadChange = readAloud::setAutoRead,
      onOpenAppSettings = {
        micNotice = null
        try {
          context.startActivity(
            Intent(
                Settings.ACTION_APPLICATION_DETAILS_SETTINGS,
                Uri.fromParts("package", context.packageName, null),
              )
              .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
          )
        } catch (e: ActivityNotFoundException) {
          // Some stripped-down builds of Android have no settings screen for apps: say it again.
          micNotice = VoiceNotice.MIC_DENIED_FOREVER
        }
      },
      onDismissNotice = {
        micNotice = null
        dictation.dismissProblem()
        readAloud.dismissProblem()
      },
    ),
  )
}

/**
 * With auto-read on, reads each answer that finishes while the chat is shown. Watching stops when
 * the screen is hidden, and what finished meanwhile is not read on return.
 */
@Composable
private fun ReadFinishedAnswers(readAloud: ReadAloud, viewModel: ChatViewModel) {
  val lifecycle = LocalLifecycleOwner.current.lifecycle
  LaunchedEffect(viewModel, lifecycle) {
    val finished = FinishedAnswers()
    lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
      try {
        viewModel.uiState.collect { state ->
          finished.update(state.messages).forEach(readAloud::readFinished)
        }
      } finally {
        finished.forget()
      }
    }
  }
}

/** The language the user reads the app in: what speech is listened for in. */
fun appLocale(context: Context): Locale = context.resources.configuration.locales[0]

private fun Context.findActivity(): Activity? =
  generateSequence(this) { (it as? ContextWrapper)?.baseContext }
    .filterIsInstance<Activity>()
    .firstOrNull()
