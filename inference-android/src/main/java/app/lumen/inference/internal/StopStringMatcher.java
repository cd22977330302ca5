package app.lumen.inference.internal;

import java.util.List;

/**
 * Finds stop strings in streamed text and holds back any tail that could still grow into one, so a
 * stop string never reaches the listener. Not thread-safe.
 */
final class StopStringMatcher {
  private final List<String> stops;
  private final StringBuilder pending = new StringBuilder();
  private boolean matched;

  StopStringMatcher(List<String> stops) {
    this.stops = stops;
  }

  /** Adds text; returns what may be shown now. After a match, returns the text before it. */
  String push(String text) {
    if (matched) {
      return "";
    }
    pending.append(text);
    int earliest = -1;
    for (String stop : stops) {
      int at = pending.indexOf(stop);
      if (at >= 0 && (earliest < 0 || at < earliest)) {
        earliest = at;
      }
    }
    if (earliest >= 0) {
      matched = true;
      String before = pending.substring(0, earliest);
      pending.setLength(0);
      return before;
    }
    int hold = heldBack();
    String ready = pending.substring(0, pending.length() - hold);
    pending.delete(0, pending.length() - hold);
    return ready;
  }

  /** Whether a stop string was found. */
  boolean matched() {
    return matched;
  }

  /** The held-back tail, released because the text ended without completing a stop string. */
  String flush() {
    String rest = pending.toString();
    pending.setLength(0);
    return rest;
  }

  /** Length of the longest suffix of {@code pending} that is a proper prefix of a stop string. */
  private int heldBack() {
    int best = 0;
    for (String stop : stops) {
      int max = Math.min(stop.length() - 1, pending.length());
      for (int k = max; k > best; k--) {
        if (pending.toString().regionMatches(pending.length() - k, stop, 0, k)) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}
