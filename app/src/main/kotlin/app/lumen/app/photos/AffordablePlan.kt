package app.lumen.app.photos

import app.lumen.app.chat.UnsupportedImagesException
import app.lumen.vision.ImagePlan
import app.lumen.vision.TokenBudget
import java.util.Locale

/**
 * The send-time memory guard: the plan a photo is encoded with is the one asked for when its
 * working memory fits the memory free now, else that of the largest smaller preset that fits.
 * Memory may have shrunk since the budget was picked (another app, a larger model), so this is
 * weighed again just before decoding. Pure; any thread.
 */
object AffordablePlan {
  /** Plans the picture within a budget (null: the package's own bounds). */
  fun interface Planner {
    fun plan(budget: TokenBudget?): ImagePlan
  }

  /**
   * @param requested the attachment's budget; null for the package's own bounds
   * @param freeBytes memory free now for encoding; null without a reading (nothing is weighed)
   * @throws UnsupportedImagesException when not even the smallest preset fits, saying so
   */
  @JvmStatic
  fun choose(requested: TokenBudget?, freeBytes: Long?, planner: Planner): ImagePlan {
    val asked = planner.plan(requested)
    if (freeBytes == null || asked.estimatedPeakBytes() <= freeBytes) return asked
    val smaller =
      TokenBudget.presets()
        .filter { it.tokens() < asked.tokens() }
        .mapNotNull { budget ->
          // A preset too small for a long, narrow picture has no plan: it is no candidate.
          runCatching { planner.plan(budget) }.getOrNull()
        }
    MemoryFit.largestFitting(smaller, freeBytes) { it.estimatedPeakBytes() }
      ?.let {
        return it
      }
    val least = smaller.firstOrNull() ?: asked
    throw UnsupportedImagesException(
      String.format(
        Locale.ROOT,
        "Not enough free memory to read this photo, even at the lowest detail: it needs %d MB, " +
          "%d MB are free. Close other apps and try again, or ask without the photo.",
        least.estimatedPeakBytes() / MB,
        freeBytes / MB,
      )
    )
  }

  private const val MB = 1024L * 1024
}
