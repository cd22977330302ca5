package app.lumen.app.photos

import app.lumen.vision.TokenBudget

/**
 * The detail a photo is sent at, as the user picks it: each preset caps the picture's image tokens
 * ([TokenBudget]). More tokens show more detail and cost encode time and working memory, which
 * grows with the square of the tokens.
 */
enum class PhotoBudget(val budget: TokenBudget) {
  /** Quick questions about what is in the picture. */
  FAST(TokenBudget.LOW),
  /** The everyday choice: about 512 × 512 pixels. */
  BALANCED(TokenBudget.MEDIUM),
  /** Documents and small text: about a megapixel. */
  DETAILED(TokenBudget.HIGH);

  val tokens: Int
    get() = budget.tokens()

  companion object {
    /** What new photos take until the user chooses another default. */
    val DEFAULT = BALANCED

    /** The preset of a stored token count; null for 0 (the package's own) or any other count. */
    fun ofTokens(tokens: Int): PhotoBudget? = entries.firstOrNull { it.tokens == tokens }
  }
}

/** Where the budget new photos take is kept (the app's preferences; a plain field in tests). */
interface PhotoBudgetChoice {
  var photoBudget: PhotoBudget
}
