package app.lumen.inference.internal;

import java.util.List;

/**
 * Splits generated text into reasoning (between {@code <think>} and {@code </think>}) and answer,
 * applies stop strings to the answer, and produces the deltas to stream. Not thread-safe.
 */
final class TextAssembler {
  /** What one token adds to the visible text. */
  record Delta(String text, boolean thinking) {}

  private final int thinkStart;
  private final int thinkEnd;
  private final StopStringMatcher stops;
  private final StringBuilder answer = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private boolean thinking;
  private boolean thought;
  private boolean answerStarted;

  /**
   * @param thinkStart id of {@code <think>} or -1
   * @param thinkEnd id of {@code </think>} or -1
   * @param startsThinking whether the prompt left a {@code <think>} open
   */
  TextAssembler(int thinkStart, int thinkEnd, boolean startsThinking, List<String> stopStrings) {
    this.thinkStart = thinkStart;
    this.thinkEnd = thinkEnd;
    this.thinking = startsThinking;
    this.thought = startsThinking;
    this.stops = new StopStringMatcher(stopStrings);
  }

  /** Whether {@code id} is a reasoning delimiter, whose text is never shown. */
  boolean isDelimiter(int id) {
    return id >= 0 && (id == thinkStart || id == thinkEnd);
  }

  /**
   * Takes one token and its decoded text.
   *
   * @return what to stream for it
   */
  Delta accept(int id, String decoded) {
    if (id == thinkStart && thinkStart >= 0) {
      thinking = true;
      thought = true;
      return new Delta("", true);
    }
    if (id == thinkEnd && thinkEnd >= 0) {
      boolean was = thinking;
      thinking = false;
      return new Delta("", was);
    }
    if (thinking) {
      reasoning.append(decoded);
      return new Delta(decoded, true);
    }
    String text = decoded;
    if (!answerStarted && thought) {
      // The answer follows "</think>\n\n": the separator is layout, not content.
      text = stripLeading(text);
    }
    if (!text.isEmpty()) {
      answerStarted = true;
    }
    String visible = stops.push(text);
    answer.append(visible);
    return new Delta(visible, false);
  }

  /** Whether the answer reached a stop string. */
  boolean stopped() {
    return stops.matched();
  }

  /** Releases text held back for a stop string that never completed; returns it. */
  String finish(String trailing) {
    String tail = "";
    if (!trailing.isEmpty()) {
      tail = thinking ? trailing : stops.push(trailing);
      (thinking ? reasoning : answer).append(tail);
    }
    if (!stops.matched()) {
      String held = stops.flush();
      answer.append(held);
      tail += held;
    }
    return tail;
  }

  String answer() {
    return answer.toString();
  }

  /** The reasoning, trimmed, or null when the model did not reason. */
  String reasoning() {
    return thought ? reasoning.toString().trim() : null;
  }

  private static String stripLeading(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return text.substring(i);
  }
}
