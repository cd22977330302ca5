package app.lumen.app.voice

/**
 * Cuts spoken text into utterances the speech engine takes (each at most its maximum input length),
 * at the most natural place that fits: a line end, else a sentence end, else a space, and only as a
 * last resort inside a word. Pure and thread-safe.
 */
object Utterances {
  private val sentenceEnd = Regex("""[.!?。！？]\s""")

  fun split(text: String, maxLength: Int): List<String> {
    require(maxLength > 0) { "maxLength must be positive, was $maxLength" }
    val pieces = mutableListOf<String>()
    var rest = text.trim()
    while (rest.length > maxLength) {
      val cut = cutPoint(rest, maxLength)
      rest.substring(0, cut).trim().takeIf { it.isNotEmpty() }?.let(pieces::add)
      rest = rest.substring(cut).trim()
    }
    if (rest.isNotEmpty()) pieces += rest
    return pieces
  }

  /** Where to end the next utterance: the index after its last character, at most [max]. */
  private fun cutPoint(text: String, max: Int): Int {
    val window = text.substring(0, max + 1)
    window
      .lastIndexOf('\n')
      .takeIf { it > 0 }
      ?.let {
        return it
      }
    sentenceEnd.findAll(window).lastOrNull()?.let {
      return it.range.first + 1
    }
    window
      .lastIndexOf(' ')
      .takeIf { it > 0 }
      ?.let {
        return it
      }
    return max
  }
}
