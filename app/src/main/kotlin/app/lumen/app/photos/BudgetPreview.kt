package app.lumen.app.photos

import app.lumen.vision.ImagePlan

/**
 * What one budget makes of a photo: its plan (resized size, tokens, estimated encode time and
 * working memory), or why the processor refuses it at that budget.
 */
data class BudgetOption(
  val budget: PhotoBudget,
  /** Null when the processor refuses the picture at this budget ([refusal] says why). */
  val plan: ImagePlan?,
  val refusal: String? = null,
  /** Its working memory fits the memory free now (always, without a reading). */
  val fits: Boolean = plan != null,
)

/**
 * A pending photo's budgets, worked out from its size before any pixel is decoded, and the one it
 * will be sent with. Immutable.
 */
data class BudgetPreview(
  /** The budget the user chose for this photo. */
  val chosen: PhotoBudget,
  /** One per preset, smallest first. */
  val options: List<BudgetOption>,
  /** Memory free now for encoding (margin taken off); null without a reading. */
  val freeBytes: Long?,
) {
  /**
   * The budget the photo goes with: the chosen one or the largest below it that fits; null: none.
   */
  val effective: PhotoBudget? =
    MemoryFit.largestFitting(options.filter { it.budget <= chosen }, freeBytes) {
        it.plan?.estimatedPeakBytes()
      }
      ?.budget

  /** Memory forced a smaller budget than the chosen one. */
  val reduced: Boolean
    get() = effective != null && effective != chosen

  /** Not even the smallest budget fits the memory free now: the photo cannot be read. */
  val tooLittleMemory: Boolean
    get() = effective == null && options.any { it.plan != null }

  fun option(budget: PhotoBudget): BudgetOption = options.first { it.budget == budget }

  companion object {
    /** [plans] of each preset weighed against [freeBytes]. */
    fun of(
      chosen: PhotoBudget,
      freeBytes: Long?,
      plans: (PhotoBudget) -> ImagePlan,
    ): BudgetPreview {
      val options =
        PhotoBudget.entries.map { budget ->
          try {
            val plan = plans(budget)
            BudgetOption(
              budget,
              plan,
              fits = freeBytes == null || plan.estimatedPeakBytes() <= freeBytes,
            )
          } catch (e: IllegalArgumentException) {
            // InvalidImageException: a picture too long and narrow for this budget.
            BudgetOption(budget, null, e.message)
          }
        }
      return BudgetPreview(chosen, options, freeBytes)
    }
  }
}
