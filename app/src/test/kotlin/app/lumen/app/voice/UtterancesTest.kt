package app.lumen.app.voice

import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** Long answers cut into utterances the engine takes, at natural places. */
class UtterancesTest {
  @Test
  fun shortText_isOneUtterance() {
    assertEquals(listOf("Honey."), Utterances.split("  Honey.  ", 100))
  }

  @Test
  fun cutsAtLineEnds_first() {
    assertEquals(
      listOf("First line. Still first.", "Second line."),
      Utterances.split("First line. Still first.\nSecond line.", 30),
    )
  }

  @Test
  fun cutsAtSentenceEnds_whenALineIsTooLong() {
    assertEquals(
      listOf("One two three.", "Four five six!", "Seven?"),
      Utterances.split("One two three. Four five six! Seven?", 16),
    )
  }

  @Test
  fun cutsAtSpaces_whenASentenceIsTooLong() {
    assertEquals(
      listOf("alpha beta", "gamma delta"),
      Utterances.split("alpha beta gamma delta", 12),
    )
  }

  @Test
  fun cutsInsideAWord_onlyWhenNothingElseFits() {
    assertEquals(listOf("abcd", "efgh", "ij"), Utterances.split("abcdefghij", 4))
  }

  @Test
  fun everyPiece_fitsTheLimit_andNoWordIsLost() {
    val words = (1..500).map { "word$it" }
    val text = words.chunked(7).joinToString(" ") { it.joinToString(" ") + "." }

    val pieces = Utterances.split(text, 60)

    assertTrue(pieces.all { it.length <= 60 })
    assertEquals(words, pieces.joinToString(" ").split(" ").map { it.trimEnd('.') })
  }
}
