package app.lumen.app.onboarding

import android.content.Context
import android.text.format.Formatter
import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.downloads.EnqueueResult
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.app.models.DeviceProfile
import app.lumen.app.models.DownloadStatus
import app.lumen.app.models.Recommendation
import app.lumen.download.CatalogEntry
import app.lumen.pkg.ModelFamily

/** Callbacks of the stateless first-run screen. */
data class OnboardingActions(
  val onWantsPhotos: (Boolean) -> Unit = {},
  val onWifiOnly: (Boolean) -> Unit = {},
  val onDownload: () -> Unit = {},
  val onSkip: () -> Unit = {},
)

/**
 * The first run: a model recommended for this phone, downloaded in the background. [onReady] opens
 * a new chat once the model is installed; [onLeave] leaves without one (Skip, or Back).
 */
@Composable
fun OnboardingScreen(viewModel: OnboardingViewModel, onReady: () -> Unit, onLeave: () -> Unit) {
  val state by viewModel.uiState.collectAsStateWithLifecycle()
  LaunchedEffect(state.ready) { if (state.ready) onReady() }
  val skip = {
    viewModel.skip()
    onLeave()
  }
  BackHandler(onBack = skip)
  OnboardingScreen(
    state,
    OnboardingActions(
      onWantsPhotos = viewModel::setWantsPhotos,
      onWifiOnly = viewModel::setWifiOnly,
      onDownload = viewModel::download,
      onSkip = skip,
    ),
  )
}

@Composable
fun OnboardingScreen(state: OnboardingUiState, actions: OnboardingActions) {
  Column(
    Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(24.dp).testTag("setup"),
    verticalArrangement = Arrangement.spacedBy(16.dp),
  ) {
    Text(stringResource(R.string.setup_title), style = MaterialTheme.typography.headlineSmall)
    Text(stringResource(R.string.setup_intro))
    state.device?.let { PhoneLine(it) }
    Switched(R.string.setup_photos, state.wantsPhotos, actions.onWantsPhotos, "setup-photos")
    when (val recommendation = state.recommendation) {
      is Recommendation.Pick -> PickCard(recommendation.entry, state)
      is Recommendation.NoneFits -> NoneFitsCard(recommendation)
      null -> {}
    }
    Switched(R.string.models_wifi_only, state.wifiOnly, actions.onWifiOnly, "setup-wifi")
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
      if (state.recommendation is Recommendation.Pick && canStart(state.download)) {
        Button(onClick = actions.onDownload, Modifier.testTag("setup-download")) {
          Text(stringResource(startLabel(state.download)))
        }
      }
      TextButton(onClick = actions.onSkip, Modifier.testTag("setup-skip")) {
        Text(stringResource(R.string.setup_skip))
      }
    }
    if (state.download != null && canStart(state.download).not()) {
      Text(stringResource(R.string.setup_background), style = MaterialTheme.typography.bodySmall)
    }
  }
}

@Composable
private fun PhoneLine(device: DeviceProfile) {
  val context = LocalContext.current
  val free = bytes(context, device.freeStorageBytes)
  val text =
    if (device.totalRamBytes == PhoneProfile.UNKNOWN_RAM) {
      stringResource(R.string.setup_phone_storage, free)
    } else {
      stringResource(R.string.setup_phone, bytes(context, device.totalRamBytes), free)
    }
  Text(text, Modifier.testTag("setup-phone"))
  if (device.lowRam) Text(stringResource(R.string.setup_low_ram))
}

@Composable
private fun PickCard(entry: CatalogEntry, state: OnboardingUiState) {
  val context = LocalContext.current
  Card(Modifier.fillMaxWidth().testTag("setup-pick")) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
      Text(stringResource(R.string.setup_recommended), style = MaterialTheme.typography.labelLarge)
      Text(entry.displayName(), style = MaterialTheme.typography.titleMedium)
      Text(describe(entry), style = MaterialTheme.typography.bodySmall)
      val size =
        state.sizeBytes?.let {
          context.getString(R.string.models_download_size, bytes(context, it))
        } ?: context.getString(R.string.models_size_unknown)
      Text(context.getString(R.string.models_facts, size, bytes(context, entry.minRamMb() shl 20)))
      state.download?.let { DownloadStatus(it) }
      state.refusal?.let { refusal ->
        Text(refusalText(context, refusal), color = MaterialTheme.colorScheme.error)
      }
    }
  }
}

@Composable
private fun NoneFitsCard(none: Recommendation.NoneFits) {
  val context = LocalContext.current
  Card(Modifier.fillMaxWidth().testTag("setup-none-fits")) {
    Text(
      stringResource(R.string.setup_none_fits, bytes(context, none.smallestRamMb shl 20)),
      Modifier.padding(16.dp),
      color = MaterialTheme.colorScheme.error,
    )
  }
}

@Composable
private fun Switched(label: Int, checked: Boolean, onChange: (Boolean) -> Unit, tag: String) {
  Row(Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
    Text(stringResource(label), Modifier.weight(1f))
    Switch(checked = checked, onCheckedChange = onChange, modifier = Modifier.testTag(tag))
  }
}

/** A download may be started when there is none, or taken up again after a pause or failure. */
private fun canStart(download: PackageDownloadState?) =
  download == null ||
    download == PackageDownloadState.Paused ||
    (download is PackageDownloadState.Failed && download.retryable)

private fun startLabel(download: PackageDownloadState?) =
  when (download) {
    PackageDownloadState.Paused -> R.string.models_resume
    is PackageDownloadState.Failed -> R.string.models_retry
    else -> R.string.setup_download
  }

private fun describe(entry: CatalogEntry): String {
  val family = ModelFamily.find(entry.family()).map { it.displayName() }.orElse(entry.family())
  return listOfNotNull(family, entry.quantization(), entry.license()).joinToString(" · ")
}

private fun refusalText(context: Context, refusal: EnqueueResult): String =
  when (refusal) {
    is EnqueueResult.NotEnoughSpace -> refusal.message(context)
    is EnqueueResult.Refused -> refusal.message
    EnqueueResult.Enqueued -> ""
  }

private fun bytes(context: Context, bytes: Long) = Formatter.formatShortFileSize(context, bytes)
