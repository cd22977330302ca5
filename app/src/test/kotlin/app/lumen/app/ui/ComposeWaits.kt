package app.lumen.app.ui

import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.SemanticsNodeInteractionsProvider
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.test.onFirst
import androidx.compose.ui.test.printToString
import app.lumen.app.VirtualClock

/**
 * Moves [clock] from one due task to the next until a node matching [matcher] is shown; each check
 * lets Compose settle first. Fails, never waits, when it cannot happen.
 */
fun SemanticsNodeInteractionsProvider.runUntilShown(
  clock: VirtualClock,
  matcher: SemanticsMatcher,
) =
  try {
    clock.runUntil { onAllNodes(matcher).fetchSemanticsNodes().isNotEmpty() }
  } catch (e: IllegalStateException) {
    throw AssertionError(
      "${matcher.description} was never shown: ${e.message}\n" +
        onAllNodes(isRoot()).onFirst().printToString(),
      e,
    )
  }

/** [runUntilShown] for a node with [text]. */
fun SemanticsNodeInteractionsProvider.runUntilShown(
  clock: VirtualClock,
  text: String,
  substring: Boolean = true,
) = runUntilShown(clock, hasText(text, substring = substring))

/** Moves [clock] until no node with [text] is shown. */
fun SemanticsNodeInteractionsProvider.runUntilGone(clock: VirtualClock, text: String) =
  clock.runUntil { onAllNodes(hasText(text, substring = true)).fetchSemanticsNodes().isEmpty() }
