package app.lumen.app.selftest

import androidx.activity.compose.LocalActivity
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.lumen.R
import java.util.Locale

/**
 * The self-test screen bound to its ViewModel. Leaving the screen cancels a running test (a
 * configuration change does not: the ViewModel and its run survive it).
 */
@Composable
fun SelfTestScreen(viewModel: SelfTestViewModel, onBack: () -> Unit) {
  val state by viewModel.uiState.collectAsStateWithLifecycle()
  val activity = LocalActivity.current
  DisposableEffect(viewModel) {
    onDispose { if (activity?.isChangingConfigurations != true) viewModel.cancel() }
  }
  SelfTestScreen(state, onRun = viewModel::run, onBack = onBack)
}

/** What [state] says, with a button that starts a run unless one is running. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
internal fun SelfTestScreen(state: SelfTestUiState, onRun: () -> Unit, onBack: () -> Unit) {
  Scaffold(
    topBar = {
      TopAppBar(
        title = { Text(stringResource(R.string.selftest_title)) },
        navigationIcon = {
          IconButton(onClick = onBack) {
            Icon(Icons.AutoMirrored.Filled.ArrowBack, stringResource(R.string.back))
          }
        },
      )
    }
  ) { padding ->
    Column(
      Modifier.fillMaxSize()
        .padding(padding)
        .padding(16.dp)
        .verticalScroll(rememberScrollState())
        .testTag("selftest"),
      verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
      Text(
        stringResource(R.string.selftest_explanation),
        style = MaterialTheme.typography.bodyMedium,
      )
      Button(
        onClick = onRun,
        enabled = state !is SelfTestUiState.Running,
        modifier = Modifier.testTag("selftest-run"),
      ) {
        Text(
          stringResource(
            if (state is SelfTestUiState.Idle) R.string.selftest_run
            else R.string.selftest_run_again
          )
        )
      }
      when (state) {
        SelfTestUiState.Idle -> {}
        is SelfTestUiState.Running -> Running(state.progress)
        is SelfTestUiState.Done -> {
          Text(
            stringResource(
              if (state.allPassed) R.string.selftest_all_passed else R.string.selftest_some_failed
            ),
            style = MaterialTheme.typography.titleMedium,
            color =
              if (state.allPassed) MaterialTheme.colorScheme.onSurface
              else MaterialTheme.colorScheme.error,
            modifier = Modifier.testTag("selftest-summary"),
          )
          state.results.forEach { ResultCard(it) }
        }
        is SelfTestUiState.Failed ->
          Text(
            stringResource(R.string.selftest_failed, state.reason),
            color = MaterialTheme.colorScheme.error,
            modifier = Modifier.testTag("selftest-failed"),
          )
      }
    }
  }
}

@Composable
private fun Running(progress: SelfTestProgress) {
  Column(Modifier.testTag("selftest-progress"), verticalArrangement = Arrangement.spacedBy(8.dp)) {
    val current = progress.current
    Text(
      if (current == null) stringResource(R.string.selftest_writing_model)
      else stringResource(R.string.selftest_testing, current.id())
    )
    if (progress.total > 0) {
      LinearProgressIndicator(
        progress = { progress.finished.size / progress.total.toFloat() },
        modifier = Modifier.fillMaxWidth(),
      )
    } else {
      LinearProgressIndicator(Modifier.fillMaxWidth())
    }
  }
  progress.finished.forEach { ResultCard(it) }
}

@Composable
private fun ResultCard(result: ProviderResult) {
  fun f(value: Double) = String.format(Locale.ROOT, "%.1f", value)
  val id = result.requested.id()
  Card(Modifier.fillMaxWidth().testTag("selftest-result-$id")) {
    Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
      val used = result.used
      Text(
        when {
          !result.passed -> stringResource(R.string.selftest_provider_failed, id)
          used != null && used != result.requested ->
            stringResource(R.string.selftest_provider_passed_on, id, used.id())
          else -> stringResource(R.string.selftest_provider_passed, id)
        },
        style = MaterialTheme.typography.titleSmall,
        color =
          if (result.passed) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.error,
      )
      when {
        used == null -> {}
        result.fallbackReason != null ->
          Text(
            stringResource(R.string.selftest_fell_back, used.id(), result.fallbackReason),
            style = MaterialTheme.typography.bodyMedium,
          )
        else ->
          Text(
            stringResource(R.string.selftest_ran_on, used.id()),
            style = MaterialTheme.typography.bodyMedium,
          )
      }
      if (used != null) {
        Text(
          stringResource(
            R.string.selftest_figures,
            f(result.loadMillis),
            f(result.tokensPerSecond),
          ),
          style = MaterialTheme.typography.bodySmall,
        )
      }
      result.matchesCpu?.let { same ->
        Text(
          stringResource(
            if (same) R.string.selftest_same_as_cpu else R.string.selftest_differs_from_cpu
          ),
          style = MaterialTheme.typography.bodySmall,
        )
      }
      result.failure?.let { Text(it, color = MaterialTheme.colorScheme.error) }
    }
  }
}
