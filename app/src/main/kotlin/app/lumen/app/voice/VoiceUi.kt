package app.lumen.app.voice

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.FilledIconButton
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.lumen.R
import app.lumen.app.data.Message

/** What the chat screen shows of voice. Immutable. */
data class VoiceUiState(
  /** The microphone is on: the draft shows the words heard so far. */
  val listening: Boolean = false,
  /** The id of the answer being read aloud; null when none is. */
  val reading: Long? = null,
  /** Finished answers are read aloud by themselves. */
  val autoRead: Boolean = false,
  val notice: VoiceNotice? = null,
)

/** A voice problem told to the user, some with a way out. */
enum class VoiceNotice(@StringRes val text: Int, val opensAppSettings: Boolean = false) {
  NO_RECOGNIZER(R.string.voice_no_recognizer),
  MIC_DENIED(R.string.voice_mic_denied),
  MIC_DENIED_FOREVER(R.string.voice_mic_denied_forever, opensAppSettings = true),
  NO_MATCH(R.string.voice_no_match),
  NEEDS_NETWORK(R.string.voice_needs_network),
  BUSY(R.string.voice_busy),
  AUDIO(R.string.voice_audio),
  RECOGNIZER_NO_PERMISSION(R.string.voice_recognizer_no_permission),
  LANGUAGE(R.string.voice_language),
  RECOGNIZER_FAILED(R.string.voice_recognizer_failed),
  NO_TTS(R.string.voice_no_tts),
  TTS_FAILED(R.string.voice_tts_failed);

  companion object {
    fun of(error: SpeechError): VoiceNotice =
      when (error) {
        SpeechError.NO_MATCH -> NO_MATCH
        SpeechError.NEEDS_NETWORK -> NEEDS_NETWORK
        SpeechError.BUSY -> BUSY
        SpeechError.AUDIO -> AUDIO
        SpeechError.NO_PERMISSION -> RECOGNIZER_NO_PERMISSION
        SpeechError.LANGUAGE -> LANGUAGE
        SpeechError.OTHER -> RECOGNIZER_FAILED
      }

    fun of(error: SpeakError): VoiceNotice =
      when (error) {
        SpeakError.NO_ENGINE -> NO_TTS
        SpeakError.FAILED -> TTS_FAILED
      }
  }
}

/** The chat screen's voice controls. */
data class VoiceActions(
  /** Starts listening, or stops when listening. */
  val onMicrophone: () -> Unit = {},
  val onReadAloud: (Message) -> Unit = {},
  val onStopReading: () -> Unit = {},
  val onAutoReadChange: (Boolean) -> Unit = {},
  val onOpenAppSettings: () -> Unit = {},
  val onDismissNotice: () -> Unit = {},
)

/** The composer's microphone: filled while listening, when a tap stops it. */
@Composable
fun MicrophoneButton(voice: VoiceUiState, actions: VoiceActions) {
  val icon = painterResource(R.drawable.ic_mic)
  if (voice.listening) {
    FilledIconButton(onClick = actions.onMicrophone, modifier = Modifier.testTag("mic_listening")) {
      Icon(icon, stringResource(R.string.voice_stop_listening))
    }
  } else {
    IconButton(onClick = actions.onMicrophone, modifier = Modifier.testTag("mic")) {
      Icon(icon, stringResource(R.string.voice_speak))
    }
  }
}

/** Above the composer: that the microphone is on, or the last voice problem. */
@Composable
fun VoiceStatus(voice: VoiceUiState, actions: VoiceActions) {
  if (voice.listening) {
    Text(
      stringResource(R.string.voice_listening),
      color = MaterialTheme.colorScheme.primary,
      style = MaterialTheme.typography.labelMedium,
      modifier = Modifier.padding(horizontal = 8.dp).testTag("listening"),
    )
  }
  val notice = voice.notice ?: return
  Row(
    verticalAlignment = Alignment.CenterVertically,
    modifier = Modifier.fillMaxWidth().padding(horizontal = 8.dp).testTag("voice_notice"),
  ) {
    Text(
      stringResource(notice.text),
      color = MaterialTheme.colorScheme.error,
      style = MaterialTheme.typography.labelMedium,
      modifier = Modifier.weight(1f),
    )
    if (notice.opensAppSettings) {
      TextButton(onClick = actions.onOpenAppSettings) {
        Text(stringResource(R.string.voice_open_settings))
      }
    }
    TextButton(onClick = actions.onDismissNotice) { Text(stringResource(R.string.voice_dismiss)) }
  }
}

/** An answer's Read aloud, or its Stop while it is being read. */
@Composable
fun ReadAloudButton(message: Message, voice: VoiceUiState, actions: VoiceActions) {
  if (voice.reading == message.id) {
    TextButton(onClick = actions.onStopReading, modifier = Modifier.testTag("stop_reading")) {
      Text(stringResource(R.string.voice_stop_reading))
    }
  } else {
    TextButton(
      onClick = { actions.onReadAloud(message) },
      modifier = Modifier.testTag("read_aloud"),
    ) {
      Text(stringResource(R.string.voice_read_aloud))
    }
  }
}

/** The chat's quick switch for reading answers aloud by themselves. */
@Composable
fun AutoReadToggle(voice: VoiceUiState, actions: VoiceActions) {
  IconButton(
    onClick = { actions.onAutoReadChange(!voice.autoRead) },
    modifier = Modifier.testTag("auto_read"),
  ) {
    Icon(
      painterResource(if (voice.autoRead) R.drawable.ic_volume_up else R.drawable.ic_volume_off),
      stringResource(
        if (voice.autoRead) R.string.voice_auto_read_on else R.string.voice_auto_read_off
      ),
    )
  }
}
