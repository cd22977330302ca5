package app.lumen.app.models

import android.content.Context
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.relocation.BringIntoViewRequester
import androidx.compose.foundation.relocation.bringIntoViewRequester
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import app.lumen.R

/** Callbacks of the "From Hugging Face" dialog. */
data class HubDialogActions(
  val onRepo: (String) -> Unit = {},
  val onVariant: (String) -> Unit = {},
  val onRevision: (String) -> Unit = {},
  val onLookUp: () -> Unit = {},
  val onDownload: () -> Unit = {},
  val onClose: () -> Unit = {},
)

/**
 * Asks for a repository, variant and revision, looks them up and shows what was found the way the
 * Models list shows a row: name, family, size, memory, and whether this version runs it. Only a
 * package it runs gets a Download button.
 */
@Composable
fun HubAddDialog(state: HubDialogState, actions: HubDialogActions) {
  val context = LocalContext.current
  val step = state.step
  val editable = step != HubStep.LookingUp
  AlertDialog(
    onDismissRequest = actions.onClose,
    title = { Text(stringResource(R.string.hub_title)) },
    text = {
      Column(
        Modifier.verticalScroll(rememberScrollState()),
        verticalArrangement = Arrangement.spacedBy(8.dp),
      ) {
        val invalidRepo = step == HubStep.Editing(HubProblem.InvalidRepoId)
        HubField(
          state.repo,
          actions.onRepo,
          R.string.hub_repo,
          if (invalidRepo) R.string.hub_repo_invalid else R.string.hub_repo_hint,
          editable,
          "hub-repo",
          isError = invalidRepo,
          placeholder = R.string.hub_repo_example,
          keyboardType = KeyboardType.Uri,
        )
        HubField(
          state.variant,
          actions.onVariant,
          R.string.hub_variant,
          R.string.hub_variant_hint,
          editable,
          "hub-variant",
        )
        HubField(
          state.revision,
          actions.onRevision,
          R.string.hub_revision,
          R.string.hub_revision_hint,
          editable,
          "hub-revision",
        )
        when (step) {
          HubStep.LookingUp ->
            ScrolledIntoView(step) {
              LinearProgressIndicator(Modifier.fillMaxWidth().testTag("hub-looking-up"))
              Text(stringResource(R.string.hub_looking_up))
            }
          is HubStep.Found -> ScrolledIntoView(step) { Found(step) }
          is HubStep.Editing ->
            step.problem
              ?.let { problemText(context, it) }
              ?.let { text ->
                ScrolledIntoView(step) {
                  Text(
                    text,
                    color = MaterialTheme.colorScheme.error,
                    modifier = Modifier.testTag("hub-problem"),
                  )
                }
              }
        }
      }
    },
    confirmButton = {
      when {
        step is HubStep.Found && step.supported ->
          TextButton(onClick = actions.onDownload, Modifier.testTag("hub-download")) {
            Text(stringResource(R.string.models_download))
          }
        // Nothing to offer for a package this version cannot run: the text says so.
        step is HubStep.Found -> {}
        else ->
          TextButton(
            onClick = actions.onLookUp,
            enabled = editable,
            modifier = Modifier.testTag("hub-look-up"),
          ) {
            Text(stringResource(R.string.hub_look_up))
          }
      }
    },
    dismissButton = {
      TextButton(onClick = actions.onClose, Modifier.testTag("hub-cancel")) {
        Text(stringResource(R.string.cancel))
      }
    },
  )
}

/** The package found, in the words of a Models row. */
@Composable
private fun Found(found: HubStep.Found) {
  val context = LocalContext.current
  val entry = found.entry
  val row =
    ModelRow(
      entry.id(),
      entry.displayName(),
      entry,
      found.supported,
      found.sizeBytes,
      null,
      null,
      false,
    )
  Column(Modifier.testTag("hub-found"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
    Text(row.name, style = MaterialTheme.typography.titleMedium)
    Text(description(row), style = MaterialTheme.typography.bodySmall)
    Text(facts(context, row), style = MaterialTheme.typography.bodySmall)
    if (entry.minRamMb() <= 0) {
      // The Hub states no memory need; the engine's memory check weighs the files before a load.
      Text(stringResource(R.string.hub_memory_unknown), style = MaterialTheme.typography.bodySmall)
    }
    if (!found.supported) {
      Text(
        stringResource(R.string.models_unsupported),
        color = MaterialTheme.colorScheme.error,
        modifier = Modifier.testTag("hub-unsupported"),
      )
    }
  }
}

/** One line of the dialog's form, [hint] under it (in red with [isError]). */
@Composable
private fun HubField(
  value: String,
  onValueChange: (String) -> Unit,
  @StringRes label: Int,
  @StringRes hint: Int,
  enabled: Boolean,
  testTag: String,
  isError: Boolean = false,
  @StringRes placeholder: Int? = null,
  keyboardType: KeyboardType = KeyboardType.Text,
) {
  OutlinedTextField(
    value = value,
    onValueChange = onValueChange,
    label = { Text(stringResource(label)) },
    placeholder = placeholder?.let { { Text(stringResource(it)) } },
    supportingText = { Text(stringResource(hint)) },
    isError = isError,
    enabled = enabled,
    singleLine = true,
    keyboardOptions = KeyboardOptions(keyboardType = keyboardType),
    modifier = Modifier.fillMaxWidth().testTag(testTag),
  )
}

/**
 * Shows [content] below the fields and scrolls the dialog to it whenever [shown] changes: on a
 * small screen a look-up's answer would otherwise appear out of sight.
 */
@Composable
private fun ScrolledIntoView(shown: Any, content: @Composable () -> Unit) {
  val requester = remember { BringIntoViewRequester() }
  Column(
    Modifier.bringIntoViewRequester(requester),
    verticalArrangement = Arrangement.spacedBy(4.dp),
  ) {
    content()
  }
  LaunchedEffect(shown) { requester.bringIntoView() }
}

/** The sentence for [problem]; null for the repository id's, which its field tells. */
private fun problemText(context: Context, problem: HubProblem): String? =
  when (problem) {
    HubProblem.InvalidRepoId -> null
    is HubProblem.Unreachable -> context.getString(R.string.hub_unreachable, problem.message)
    is HubProblem.NotFound -> context.getString(R.string.hub_not_found, problem.message)
    is HubProblem.Unusable -> context.getString(R.string.hub_unusable, problem.message)
  }
