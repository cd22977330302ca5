package app.lumen.app.photos

import app.lumen.app.data.NewAttachment

/** The chat screen's photo budgets: each pending photo's preview (by file) and the default. */
data class PhotoBudgets(
  /** By [NewAttachment.filePath]; a photo is missing while its preview is worked out. */
  val previews: Map<String, BudgetPreview> = emptyMap(),
  val default: PhotoBudget = PhotoBudget.DEFAULT,
)

/** [this] with [default] unless it already has a budget (a share or camera may set one). */
fun NewAttachment.withBudget(default: PhotoBudget): NewAttachment =
  if (tokenBudget > 0) this else copy(tokenBudget = default.tokens)

/** A budget choice kept in memory, for screens and tests without the app's preferences. */
class InMemoryBudgetChoice(override var photoBudget: PhotoBudget = PhotoBudget.DEFAULT) :
  PhotoBudgetChoice
