package app.lumen.app.ui.chat

import androidx.annotation.StringRes
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Close
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.Dialog
import app.lumen.R
import app.lumen.app.data.NewAttachment
import app.lumen.app.photos.BudgetOption
import app.lumen.app.photos.BudgetPreview
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.PhotoBudgets
import java.util.Locale

// The composer's photos with their detail (token budget), and the sheet that chooses it.

@StringRes
internal fun PhotoBudget.label(): Int =
  when (this) {
    PhotoBudget.FAST -> R.string.photo_budget_fast
    PhotoBudget.BALANCED -> R.string.photo_budget_balanced
    PhotoBudget.DETAILED -> R.string.photo_budget_detailed
  }

private const val MB = 1024.0 * 1024

/**
 * The photos waiting to be sent: each with its remove button and a chip naming the detail it will
 * be sent at (tapping it opens [BudgetSheet]); a line under them for each photo memory reduced.
 * Tapping a photo opens it in [onView] (the pictures' files, the tapped index).
 */
@Composable
internal fun PendingPhotos(
  pictures: List<NewAttachment>,
  budgets: PhotoBudgets,
  actions: ChatActions,
  onView: (List<String>, Int) -> Unit,
) {
  var sheetFor by rememberSaveable { mutableStateOf<String?>(null) }
  LazyRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
    itemsIndexed(pictures, key = { _, picture -> picture.filePath }) { index, picture ->
      Box {
        Thumbnail(
          picture.thumbnailPath ?: picture.filePath,
          Modifier.testTag("composer_photo").clickable {
            onView(pictures.map { it.filePath }, index)
          },
        )
        IconButton(onClick = { actions.onRemovePhoto(picture) }, Modifier.align(Alignment.TopEnd)) {
          Icon(Icons.Filled.Close, stringResource(R.string.remove_photo))
        }
        BudgetChip(
          budgets.previews[picture.filePath],
          Modifier.align(Alignment.BottomStart).padding(4.dp),
          onClick = { sheetFor = picture.filePath },
        )
      }
    }
  }
  for (picture in pictures) {
    budgets.previews[picture.filePath]?.let { BudgetNote(it, Modifier.padding(horizontal = 8.dp)) }
  }
  val open = pictures.firstOrNull { it.filePath == sheetFor }
  if (open != null) {
    Dialog(onDismissRequest = { sheetFor = null }) {
      Surface(shape = MaterialTheme.shapes.extraLarge, tonalElevation = 6.dp) {
        BudgetSheet(
          budgets.previews[open.filePath],
          budgets.default,
          onChoose = { actions.onSetPhotoBudget(open, it) },
          onUseAsDefault = actions.onUsePhotoBudgetAsDefault,
          onDone = { sheetFor = null },
        )
      }
    }
  }
}

/** The detail a pending photo goes at; marked when memory lowered it or none fits. */
@Composable
internal fun BudgetChip(
  preview: BudgetPreview?,
  modifier: Modifier = Modifier,
  onClick: () -> Unit,
) {
  val shown = preview?.effective ?: preview?.chosen
  val warn = preview != null && (preview.reduced || preview.tooLittleMemory)
  val label = shown?.let { stringResource(it.label()) } ?: "…"
  val description = stringResource(R.string.photo_budget_chip, label)
  Surface(
    color =
      if (warn) MaterialTheme.colorScheme.errorContainer
      else MaterialTheme.colorScheme.secondaryContainer,
    shape = MaterialTheme.shapes.small,
    modifier =
      modifier
        .testTag("budget_chip")
        .semantics { contentDescription = description }
        .clickable(onClick = onClick),
  ) {
    Text(
      if (warn) "$label !" else label,
      style = MaterialTheme.typography.labelSmall,
      modifier = Modifier.padding(horizontal = 6.dp, vertical = 2.dp),
    )
  }
}

/**
 * Why a photo goes at less detail than chosen, or cannot go at all; nothing when it goes as chosen.
 */
@Composable
internal fun BudgetNote(preview: BudgetPreview, modifier: Modifier = Modifier) {
  val text =
    when {
      preview.tooLittleMemory ->
        stringResource(
          R.string.photo_budget_no_memory,
          stringResource(PhotoBudget.entries.first().label()),
        )
      preview.reduced ->
        stringResource(
          R.string.photo_budget_reduced,
          stringResource(preview.effective!!.label()),
          stringResource(preview.chosen.label()),
        )
      else -> return
    }
  Text(
    text,
    color = MaterialTheme.colorScheme.error,
    style = MaterialTheme.typography.labelMedium,
    modifier = modifier.testTag("budget_note"),
  )
}

/**
 * The three details for one photo with what each costs (resized size, tokens, estimated time and
 * working memory, from its size: nothing is decoded), the free memory, the way to make the chosen
 * one the default. Stateless: [preview] null while the numbers are worked out.
 */
@Composable
internal fun BudgetSheet(
  preview: BudgetPreview?,
  default: PhotoBudget,
  onChoose: (PhotoBudget) -> Unit,
  onUseAsDefault: (PhotoBudget) -> Unit,
  onDone: () -> Unit,
) {
  Column(
    Modifier.padding(20.dp).testTag("budget_sheet"),
    verticalArrangement = Arrangement.spacedBy(8.dp),
  ) {
    Text(stringResource(R.string.photo_budget_title), style = MaterialTheme.typography.titleLarge)
    if (preview == null) {
      Text(stringResource(R.string.photo_budget_working))
    } else {
      Column(Modifier.selectableGroup()) {
        preview.options.forEach { option ->
          BudgetOptionRow(option, selected = option.budget == preview.chosen) {
            onChoose(option.budget)
          }
        }
      }
      preview.freeBytes?.let {
        Text(
          stringResource(R.string.photo_budget_free, String.format(Locale.ROOT, "%.0f", it / MB)),
          style = MaterialTheme.typography.bodySmall,
          color = MaterialTheme.colorScheme.onSurfaceVariant,
        )
      }
      BudgetNote(preview)
    }
    Row(verticalAlignment = Alignment.CenterVertically) {
      if (preview != null && preview.chosen == default) {
        Text(
          stringResource(R.string.photo_budget_is_default),
          style = MaterialTheme.typography.labelMedium,
          modifier = Modifier.weight(1f).testTag("budget_is_default"),
        )
      } else {
        TextButton(
          onClick = { preview?.let { onUseAsDefault(it.chosen) } },
          enabled = preview != null,
          modifier = Modifier.weight(1f).testTag("budget_use_default"),
        ) {
          Text(stringResource(R.string.photo_budget_use_default))
        }
      }
      TextButton(onClick = onDone) { Text(stringResource(R.string.photo_budget_done)) }
    }
  }
}

@Composable
private fun BudgetOptionRow(option: BudgetOption, selected: Boolean, onSelect: () -> Unit) {
  val name = stringResource(option.budget.label())
  Row(
    verticalAlignment = Alignment.CenterVertically,
    modifier =
      Modifier.fillMaxWidth()
        .selectable(selected, role = Role.RadioButton, onClick = onSelect)
        .padding(vertical = 4.dp)
        .testTag("budget_option_${option.budget.name}"),
  ) {
    RadioButton(selected = selected, onClick = null)
    Column(Modifier.padding(start = 8.dp)) {
      Text(
        stringResource(
          R.string.photo_budget_option,
          name,
          option.plan?.tokens() ?: option.budget.tokens,
        ),
        style = MaterialTheme.typography.bodyLarge,
      )
      val plan = option.plan
      if (plan == null) {
        Text(
          stringResource(R.string.photo_budget_refused),
          style = MaterialTheme.typography.bodySmall,
          color = MaterialTheme.colorScheme.error,
        )
      } else {
        Text(
          stringResource(
            R.string.photo_budget_size,
            plan.resizedWidth(),
            plan.resizedHeight(),
            String.format(Locale.ROOT, "%.1f", plan.estimatedEncodeMillis() / 1000),
            String.format(Locale.ROOT, "%.0f", plan.estimatedPeakBytes() / MB),
          ),
          style = MaterialTheme.typography.bodySmall,
          color = MaterialTheme.colorScheme.onSurfaceVariant,
          modifier = Modifier.testTag("budget_detail_${option.budget.name}"),
        )
        if (!option.fits) {
          Text(
            stringResource(R.string.photo_budget_does_not_fit),
            style = MaterialTheme.typography.bodySmall,
            color = MaterialTheme.colorScheme.error,
          )
        }
      }
    }
  }
}
