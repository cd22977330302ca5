package app.lumen.app.photos

import java.io.File
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.withContext

/**
 * Works out a pending photo's [BudgetPreview]: what each budget makes of its upright size, for the
 * model chats use, against the memory free now. No pixel is decoded.
 */
fun interface PhotoCosts {
  suspend fun preview(width: Int, height: Int, chosen: PhotoBudget): BudgetPreview

  companion object {
    /** Qwen3-VL 2B without a memory reading, worked out on the caller's thread (a few sums). */
    val QWEN3_VL_DEFAULTS: PhotoCosts =
      PhotoCostPreview({ null }, FreeMemory.UNKNOWN, EmptyCoroutineContext)
  }
}

/**
 * [PhotoCosts] for the active package ([packageDir], read again each time: the user may switch
 * models) and [freeMemory]. The files are read on [io], never on the caller's thread.
 */
class PhotoCostPreview(
  private val packageDir: () -> File?,
  private val freeMemory: FreeMemory,
  private val io: CoroutineContext,
) : PhotoCosts {
  override suspend fun preview(width: Int, height: Int, chosen: PhotoBudget): BudgetPreview =
    withContext(io) {
      val preprocessor = PackageVisionCosts.preprocessor(packageDir())
      BudgetPreview.of(chosen, freeMemory.bytes()) { preprocessor.plan(width, height, it.budget) }
    }
}
