package app.lumen.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.lumen.R
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.PhotoBudgetChoice
import app.lumen.app.ui.chat.label

/** Settings' "Photo detail": the budget new photos take, kept in [choice]. */
@Composable
internal fun PhotoDetailSetting(choice: PhotoBudgetChoice) {
  var selected by remember { mutableStateOf(choice.photoBudget) }
  PhotoDetailSetting(selected) {
    choice.photoBudget = it
    selected = it
  }
}

/** Stateless: [selected] highlighted, [onSelect] called with the one tapped. */
@Composable
internal fun PhotoDetailSetting(selected: PhotoBudget, onSelect: (PhotoBudget) -> Unit) {
  Column(
    Modifier.testTag("photo_detail_setting"),
    verticalArrangement = Arrangement.spacedBy(4.dp),
  ) {
    Text(stringResource(R.string.photo_budget_title), style = MaterialTheme.typography.titleLarge)
    Text(
      stringResource(R.string.settings_photo_detail_body),
      style = MaterialTheme.typography.bodyMedium,
    )
    Row(Modifier.selectableGroup(), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
      PhotoBudget.entries.forEach { budget ->
        FilterChip(
          selected = budget == selected,
          onClick = { onSelect(budget) },
          label = { Text(stringResource(budget.label())) },
          modifier = Modifier.testTag("photo_detail_${budget.name}"),
        )
      }
    }
  }
}
