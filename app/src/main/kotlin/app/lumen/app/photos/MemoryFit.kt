package app.lumen.app.photos

/**
 * Picks the largest of a photo's candidate plans whose encoder working memory fits the memory free
 * now, so that encoding a photo can never run the app out of memory. Pure; any thread.
 */
object MemoryFit {
  /**
   * The last of [candidates] (smallest first) whose [peakBytes] is at most [freeBytes]; the last
   * candidate when [freeBytes] is null (the device reports no reading, nothing to weigh against);
   * null when none fits. A candidate whose [peakBytes] is null (it has no plan) never fits.
   */
  fun <T> largestFitting(candidates: List<T>, freeBytes: Long?, peakBytes: (T) -> Long?): T? {
    if (freeBytes == null) return candidates.lastOrNull()
    return candidates.lastOrNull { candidate ->
      val peak = peakBytes(candidate)
      peak != null && peak <= freeBytes
    }
  }
}
