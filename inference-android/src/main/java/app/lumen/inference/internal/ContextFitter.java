package app.lumen.inference.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a conversation fit the context by dropping its oldest whole turns (a user message and the
 * replies to it), never the system message nor the last turn.
 *
 * <p>Generation and restore fit through the same rule, with the same room kept for the answer, so a
 * restored history is exactly the prefix the next request keeps and nothing is prefilled twice.
 */
final class ContextFitter {
  private ContextFitter() {}

  /** The rendered prompt that fits, and how many tokens were dropped to get there. */
  record Fitted(TokenSequence prompt, int droppedTokens, boolean fits) {}

  /**
   * Tokens kept free for the answer: the request's limit, but at most a quarter of the context so
   * that a generous limit does not push the whole history out.
   */
  static int answerRoom(int contextLength, int maxNewTokens) {
    return Math.max(1, Math.min(maxNewTokens, contextLength / 4));
  }

  /** Fits a request's conversation, rendered with the generation prompt. */
  static Fitted fit(
      List<ChatMessage> messages,
      PromptRenderer renderer,
      boolean think,
      int contextLength,
      int answerRoom) {
    return fit(messages, renderer, true, think, contextLength, answerRoom);
  }

  /**
   * @param generationPrompt false for a history restored ahead of the next request
   */
  static Fitted fit(
      List<ChatMessage> messages,
      PromptRenderer renderer,
      boolean generationPrompt,
      boolean think,
      int contextLength,
      int answerRoom) {
    TokenSequence prompt = renderer.render(messages, generationPrompt, think);
    int original = prompt.length();
    List<ChatMessage> kept = new ArrayList<>(messages);
    while (prompt.length() + answerRoom > contextLength) {
      if (!dropOldestTurn(kept)) {
        return new Fitted(prompt, original - prompt.length(), false);
      }
      prompt = renderer.render(kept, generationPrompt, think);
    }
    return new Fitted(prompt, original - prompt.length(), true);
  }

  /** Removes the first turn after any system messages; false when only one turn is left. */
  static boolean dropOldestTurn(List<ChatMessage> messages) {
    int first = 0;
    while (first < messages.size() && messages.get(first).role() == Role.SYSTEM) {
      first++;
    }
    int next = first + 1;
    while (next < messages.size() && messages.get(next).role() != Role.USER) {
      next++;
    }
    if (next >= messages.size()) {
      return false;
    }
    messages.subList(first, next).clear();
    return true;
  }
}
