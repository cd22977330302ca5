package app.lumen.app.voice

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.LumenApplication

/** The Settings tab's Voice section, bound to the app's [ReadAloud]. */
@Composable
fun VoiceSettings() {
  val readAloud = (LocalContext.current.applicationContext as LumenApplication).container.readAloud
  val autoRead by readAloud.autoRead.collectAsStateWithLifecycle()
  VoiceSettings(autoRead, readAloud::setAutoRead)
}

/** Whether answers are read aloud by themselves, with a switch. */
@Composable
fun VoiceSettings(autoRead: Boolean, onAutoReadChange: (Boolean) -> Unit) {
  Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
    Text(stringResource(R.string.voice_settings), style = MaterialTheme.typography.titleMedium)
    Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.fillMaxWidth()) {
      Column(Modifier.weight(1f)) {
        Text(stringResource(R.string.voice_settings_auto_read))
        Text(
          stringResource(R.string.voice_settings_auto_read_detail),
          style = MaterialTheme.typography.bodySmall,
          color = MaterialTheme.colorScheme.onSurfaceVariant,
        )
      }
      Switch(
        checked = autoRead,
        onCheckedChange = onAutoReadChange,
        modifier = Modifier.testTag("settings_auto_read"),
      )
    }
  }
}
