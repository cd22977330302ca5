package app.lumen.inference.internal;

import ai.onnxruntime.OrtException;

/**
 * The decoder state of a conversation together with the tokens it holds; the two always agree in
 * length. Not thread-safe; owned by one session.
 */
final class ConversationCache implements AutoCloseable {
  private final StateCache state;

  /** Volatile: other threads read the length while a generation updates it. */
  private volatile TokenSequence tokens = TokenSequence.EMPTY;

  ConversationCache(StateCache state) {
    this.state = state;
  }

  StateCache state() {
    return state;
  }

  TokenSequence tokens() {
    return tokens;
  }

  int length() {
    return tokens.length();
  }

  /** Records that the state now holds the first {@code state.length()} tokens of {@code seq}. */
  void synced(TokenSequence sequence) {
    tokens = sequence.prefix(state.length());
  }

  /**
   * Cuts back to the first {@code keep} tokens; a recurrent state that cannot be cut is cleared
   * (everything is prefilled again).
   */
  void truncate(int keep) throws OrtException {
    if (keep >= tokens.length()) {
      return;
    }
    if (keep > 0 && !state.canTruncate()) {
      keep = 0;
    }
    state.truncate(keep);
    tokens = tokens.prefix(keep);
  }

  void clear() {
    state.clear();
    tokens = TokenSequence.EMPTY;
  }

  @Override
  public void close() {
    state.close();
    tokens = TokenSequence.EMPTY;
  }
}
