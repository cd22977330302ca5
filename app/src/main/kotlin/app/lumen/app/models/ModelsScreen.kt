package app.lumen.app.models

import android.content.Context
import android.text.format.Formatter
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import app.lumen.app.downloads.PackageDownloadState
import app.lumen.pkg.ModelFamily

/** Callbacks of the stateless Models screen, each taking a row's id where it acts on one. */
data class ModelsActions(
  val onWifiOnly: (Boolean) -> Unit = {},
  val onDownload: (String) -> Unit = {},
  val onPause: (String) -> Unit = {},
  val onResume: (String) -> Unit = {},
  val onCancel: (String) -> Unit = {},
  val onAskDelete: (String) -> Unit = {},
  val onConfirmDelete: () -> Unit = {},
  val onDismissDelete: () -> Unit = {},
  val onMakeActive: (String) -> Unit = {},
  val onClearCaches: () -> Unit = {},
  val onNoticeShown: () -> Unit = {},
  /** Opens the first-run recommendation again. */
  val onOpenSetup: () -> Unit = {},
  /** Lets the user pick a package folder to copy in (Storage Access Framework). */
  val onImportFolder: () -> Unit = {},
  /** Asks for a Hugging Face repository and variant to download. */
  val onAddFromHub: () -> Unit = {},
  /** The fields and buttons of the dialog [onAddFromHub] opens. */
  val hub: HubDialogActions = HubDialogActions(),
)

@Composable
fun ModelsScreen(
  viewModel: ModelsViewModel,
  onOpenSetup: () -> Unit = {},
  /** Opens the system's folder picker; the picked folder goes to [ModelsViewModel.importFolder]. */
  onImportFolder: () -> Unit = {},
) {
  val state by viewModel.uiState.collectAsStateWithLifecycle()
  ModelsScreen(
    state,
    ModelsActions(
      onWifiOnly = viewModel::setWifiOnly,
      onDownload = viewModel::download,
      onPause = viewModel::pause,
      onResume = viewModel::resume,
      onCancel = viewModel::cancel,
      onAskDelete = viewModel::askToDelete,
      onConfirmDelete = viewModel::confirmDelete,
      onDismissDelete = viewModel::dismissDelete,
      onMakeActive = viewModel::makeActive,
      onClearCaches = viewModel::clearCaches,
      onNoticeShown = viewModel::noticeShown,
      onOpenSetup = onOpenSetup,
      onImportFolder = onImportFolder,
      onAddFromHub = viewModel.hubDialog::open,
      hub =
        HubDialogActions(
          onRepo = viewModel.hubDialog::setRepo,
          onVariant = viewModel.hubDialog::setVariant,
          onRevision = viewModel.hubDialog::setRevision,
          onLookUp = viewModel.hubDialog::lookUp,
          onDownload = viewModel::downloadFromHub,
          onClose = viewModel.hubDialog::close,
        ),
    ),
  )
}

@Composable
fun ModelsScreen(state: ModelsUiState, actions: ModelsActions) {
  val context = LocalContext.current
  val snackbar = remember { SnackbarHostState() }
  val notice = state.notice?.let { noticeText(context, it) }
  LaunchedEffect(notice) {
    if (notice != null) {
      snackbar.showSnackbar(notice)
      actions.onNoticeShown()
    }
  }
  Scaffold(snackbarHost = { SnackbarHost(snackbar) }) { padding ->
    LazyColumn(
      Modifier.fillMaxSize().padding(padding).testTag("models"),
      verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
      item {
        Row(
          Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
          verticalAlignment = Alignment.CenterVertically,
        ) {
          Text(stringResource(R.string.models_wifi_only), Modifier.weight(1f))
          Switch(
            checked = state.wifiOnly,
            onCheckedChange = actions.onWifiOnly,
            modifier = Modifier.testTag("wifi-only"),
          )
        }
      }
      item { AddModelRow(actions, importing = state.importing != null) }
      state.importing?.let { progress -> item { ImportingRow(progress) } }
      items(state.rows, key = { it.id }) { row -> ModelCard(row, actions) }
      state.storage?.let { usage -> item { StorageCard(usage, actions.onClearCaches) } }
    }
  }
  state.hub?.let { HubAddDialog(it, actions.hub) }
  state.confirmDelete?.let { row ->
    AlertDialog(
      onDismissRequest = actions.onDismissDelete,
      title = { Text(stringResource(R.string.models_delete_title, row.name)) },
      text = {
        Text(stringResource(R.string.models_delete_text, bytes(context, row.installed?.bytes ?: 0)))
      },
      confirmButton = {
        TextButton(
          onClick = actions.onConfirmDelete,
          modifier = Modifier.testTag("confirm-delete"),
        ) {
          Text(stringResource(R.string.models_delete))
        }
      },
      dismissButton = {
        TextButton(onClick = actions.onDismissDelete) { Text(stringResource(R.string.cancel)) }
      },
    )
  }
}

/** The ways to get a model besides the catalog's Download buttons. */
@Composable
private fun AddModelRow(actions: ModelsActions, importing: Boolean) {
  Row(
    Modifier.fillMaxWidth().padding(horizontal = 8.dp),
    horizontalArrangement = Arrangement.spacedBy(4.dp),
  ) {
    TextButton(onClick = actions.onOpenSetup, Modifier.testTag("open-setup")) {
      Text(stringResource(R.string.models_open_setup))
    }
    TextButton(
      onClick = actions.onImportFolder,
      Modifier.testTag("import-folder"),
      enabled = !importing,
    ) {
      Text(stringResource(R.string.models_import_folder))
    }
    TextButton(onClick = actions.onAddFromHub, Modifier.testTag("add-from-hub")) {
      Text(stringResource(R.string.models_add_from_hub))
    }
  }
}

@Composable
private fun ModelCard(row: ModelRow, actions: ModelsActions) {
  val context = LocalContext.current
  Card(Modifier.fillMaxWidth().padding(horizontal = 16.dp).testTag("model-${row.id}")) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
      Text(row.name, style = MaterialTheme.typography.titleMedium)
      Text(description(row), style = MaterialTheme.typography.bodySmall)
      Text(facts(context, row), style = MaterialTheme.typography.bodySmall)
      if (row.active) {
        Text(
          stringResource(R.string.models_in_use),
          color = MaterialTheme.colorScheme.primary,
          style = MaterialTheme.typography.labelLarge,
        )
      }
      Status(row, context)
      Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) { Buttons(row, actions) }
    }
  }
}

/** A picked folder being copied in and checked: as long as copying the model takes. */
@Composable
private fun ImportingRow(progress: ImportProgress) {
  val context = LocalContext.current
  Column(Modifier.fillMaxWidth().padding(horizontal = 16.dp).testTag("importing")) {
    val text =
      if (progress.totalBytes > 0)
        stringResource(
          R.string.models_importing_bytes,
          bytes(context, progress.copiedBytes),
          bytes(context, progress.totalBytes),
        )
      else stringResource(R.string.models_importing)
    Text(text, style = MaterialTheme.typography.bodySmall)
    BytesProgress(progress.copiedBytes, progress.totalBytes)
  }
}

/** Family, variant and licence, as the catalog or the installed manifest states them. */
internal fun description(row: ModelRow): String {
  val family = row.entry?.family() ?: row.installed?.manifest?.family()
  val parts =
    listOfNotNull(
      family?.let { id -> ModelFamily.find(id).map { it.displayName() }.orElse(id) },
      row.entry?.quantization(),
      row.entry?.license() ?: row.installed?.manifest?.license(),
    )
  return parts.joinToString(" · ")
}

internal fun facts(context: Context, row: ModelRow): String {
  val size =
    row.sizeBytes?.let { context.getString(R.string.models_download_size, bytes(context, it)) }
      ?: context.getString(R.string.models_size_unknown)
  val ramMb = row.entry?.minRamMb() ?: row.installed?.manifest?.minRamMb() ?: 0
  if (ramMb <= 0) return size
  return context.getString(R.string.models_facts, size, bytes(context, ramMb shl 20))
}

@Composable
private fun Status(row: ModelRow, context: Context) {
  val download = row.download
  when {
    // A package whose manifest cannot be read has no family to support: its damage is the news.
    !row.supported && row.installed?.damage == null ->
      Text(
        stringResource(R.string.models_unsupported),
        color = MaterialTheme.colorScheme.error,
        modifier = Modifier.testTag("unsupported-${row.id}"),
      )
    download != null && download != PackageDownloadState.Installed -> DownloadStatus(download)
    row.installed?.damage != null ->
      Text(
        stringResource(R.string.models_damaged, row.installed.damage),
        color = MaterialTheme.colorScheme.error,
      )
    row.installed != null ->
      Text(stringResource(R.string.models_installed, bytes(context, row.installed.bytes)))
  }
}

@Composable
private fun Buttons(row: ModelRow, actions: ModelsActions) {
  val download = row.download
  val id = row.id
  when {
    download is PackageDownloadState.Downloading ||
      download is PackageDownloadState.WaitingForNetwork -> {
      OutlinedButton(onClick = { actions.onPause(id) }) {
        Text(stringResource(R.string.download_pause))
      }
      TextButton(onClick = { actions.onCancel(id) }) { Text(stringResource(R.string.cancel)) }
    }
    download == PackageDownloadState.Queued || download == PackageDownloadState.Verifying ->
      TextButton(onClick = { actions.onCancel(id) }) { Text(stringResource(R.string.cancel)) }
    download == PackageDownloadState.Paused -> {
      Button(onClick = { actions.onResume(id) }) { Text(stringResource(R.string.models_resume)) }
      TextButton(onClick = { actions.onCancel(id) }) { Text(stringResource(R.string.cancel)) }
    }
    download is PackageDownloadState.Failed && row.installed == null -> {
      if (download.retryable && row.supported) {
        Button(onClick = { actions.onDownload(id) }) { Text(stringResource(R.string.models_retry)) }
      }
      TextButton(onClick = { actions.onCancel(id) }) {
        Text(stringResource(R.string.models_discard))
      }
    }
    row.installed != null -> {
      if (!row.active && row.supported) {
        Button(onClick = { actions.onMakeActive(id) }, Modifier.testTag("use-$id")) {
          Text(stringResource(R.string.models_use))
        }
      }
      OutlinedButton(onClick = { actions.onAskDelete(id) }, Modifier.testTag("delete-$id")) {
        Text(stringResource(R.string.models_delete))
      }
    }
    row.supported && row.entry != null ->
      Button(onClick = { actions.onDownload(id) }, Modifier.testTag("download-$id")) {
        Text(stringResource(R.string.models_download))
      }
  }
}

@Composable
private fun StorageCard(usage: StorageUsage, onClearCaches: () -> Unit) {
  val context = LocalContext.current
  Card(Modifier.fillMaxWidth().padding(16.dp).testTag("storage")) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
      Text(stringResource(R.string.storage_title), style = MaterialTheme.typography.titleMedium)
      Text(stringResource(R.string.storage_models, bytes(context, usage.modelBytes)))
      if (usage.unfinishedDownloadBytes > 0) {
        Text(
          stringResource(R.string.storage_unfinished, bytes(context, usage.unfinishedDownloadBytes))
        )
      }
      Text(stringResource(R.string.storage_pictures, bytes(context, usage.pictureBytes)))
      Row(verticalAlignment = Alignment.CenterVertically) {
        Text(
          stringResource(R.string.storage_caches, bytes(context, usage.cacheBytes)),
          Modifier.weight(1f),
        )
        TextButton(onClick = onClearCaches, enabled = usage.cacheBytes > 0) {
          Text(stringResource(R.string.storage_clear_caches))
        }
      }
      Text(stringResource(R.string.storage_free, bytes(context, usage.freeBytes)))
    }
  }
}

private fun noticeText(context: Context, notice: ModelsNotice): String =
  when (notice) {
    is ModelsNotice.NotEnoughSpace ->
      context.getString(
        R.string.download_not_enough_space,
        bytes(context, notice.neededBytes),
        bytes(context, notice.freeBytes),
      )
    is ModelsNotice.Refused -> notice.message
    is ModelsNotice.DeleteFailed ->
      context.getString(R.string.models_delete_failed, notice.name, notice.message)
    is ModelsNotice.Imported -> context.getString(R.string.models_imported, notice.name)
    is ModelsNotice.ImportRefused ->
      if (notice.more == 0) context.getString(R.string.models_import_refused, notice.problem)
      else
        context.resources.getQuantityString(
          R.plurals.models_import_refused_more,
          notice.more,
          notice.problem,
          notice.more,
        )
    is ModelsNotice.ImportExists -> context.getString(R.string.models_import_exists, notice.id)
  }

private fun bytes(context: Context, bytes: Long) = Formatter.formatShortFileSize(context, bytes)
