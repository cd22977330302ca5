package app.lumen.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.lumen.R
import app.lumen.app.BuildInfo

/**
 * Version, ONNX Runtime version and ABIs, a plain warning when this APK has no ONNX Runtime for the
 * device's processor ([deviceAbis], best first, as `Build.SUPPORTED_ABIS` lists them), the way to
 * the self-test and the shipped licences.
 */
@Composable
internal fun AboutScreen(
  buildInfo: BuildInfo,
  deviceAbis: List<String> = android.os.Build.SUPPORTED_ABIS.toList(),
  onOpenLicences: () -> Unit = {},
  onOpenSelfTest: () -> Unit = {},
  /** Settings shown under the About section (photo detail, voice). */
  settings: @Composable () -> Unit = {},
) {
  Column(
    Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(24.dp).testTag("about"),
    verticalArrangement = Arrangement.spacedBy(8.dp),
  ) {
    Text(stringResource(R.string.settings_about), style = MaterialTheme.typography.titleLarge)
    Text(stringResource(R.string.about_version, buildInfo.version))
    Text(stringResource(R.string.about_onnxruntime, buildInfo.onnxRuntimeVersion))
    Text(stringResource(R.string.about_natives_abis, buildInfo.abis.joinToString(", ")))
    if (!buildInfo.runsOn(deviceAbis)) {
      Text(
        stringResource(
          R.string.about_natives_wrong_abi,
          deviceAbis.firstOrNull() ?: "?",
          buildInfo.abis.joinToString(", "),
        ),
        color = MaterialTheme.colorScheme.error,
      )
    }
    OutlinedButton(onClick = onOpenSelfTest, modifier = Modifier.testTag("open-selftest")) {
      Text(stringResource(R.string.selftest_open))
    }
    TextButton(onClick = onOpenLicences) { Text(stringResource(R.string.about_licences)) }
    settings()
  }
}
