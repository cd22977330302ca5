package app.lumen.app.models

import android.content.Context
import android.text.format.DateUtils
import android.text.format.Formatter
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import app.lumen.R
import app.lumen.app.downloads.PackageDownloadState

/** Where a download stands, with a progress bar while bytes arrive or files are checked. */
@Composable
fun DownloadStatus(download: PackageDownloadState) {
  val context = LocalContext.current
  when (download) {
    is PackageDownloadState.Downloading -> {
      BytesProgress(download.bytesDone, download.bytesTotal)
      Text(progressText(context, download), Modifier.testTag("download-progress"))
    }
    PackageDownloadState.Queued -> Text(stringResource(R.string.models_queued))
    is PackageDownloadState.WaitingForNetwork ->
      Text(
        stringResource(
          if (download.wifiOnly) R.string.download_waiting_for_wifi
          else R.string.download_waiting_for_network
        )
      )
    PackageDownloadState.Verifying -> {
      LinearProgressIndicator(Modifier.fillMaxWidth())
      Text(stringResource(R.string.download_verifying))
    }
    PackageDownloadState.Paused -> Text(stringResource(R.string.models_paused))
    is PackageDownloadState.Failed ->
      Text(
        stringResource(R.string.models_failed, download.message),
        color = MaterialTheme.colorScheme.error,
      )
    PackageDownloadState.Installed -> {}
  }
}

/** A bar that fills as [done] nears [total]; one that only moves while [total] is unknown. */
@Composable
internal fun BytesProgress(done: Long, total: Long) {
  if (total > 0) {
    LinearProgressIndicator(
      progress = { done.toFloat() / total },
      modifier = Modifier.fillMaxWidth(),
    )
  } else {
    LinearProgressIndicator(Modifier.fillMaxWidth())
  }
}

private fun progressText(context: Context, d: PackageDownloadState.Downloading): String {
  val done = Formatter.formatShortFileSize(context, d.bytesDone)
  val total = if (d.bytesTotal > 0) Formatter.formatShortFileSize(context, d.bytesTotal) else "?"
  val speed =
    if (d.bytesPerSecond > 0) Formatter.formatShortFileSize(context, d.bytesPerSecond) else null
  return when {
    speed != null && d.etaSeconds >= 0 ->
      context.getString(
        R.string.download_progress,
        done,
        total,
        speed,
        DateUtils.formatElapsedTime(d.etaSeconds),
      )
    speed != null -> context.getString(R.string.download_progress_no_eta, done, total, speed)
    else -> context.getString(R.string.models_progress, done, total)
  }
}
