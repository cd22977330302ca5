package app.lumen.inference;

import java.util.Locale;

/** Why a generation ended. */
public enum FinishReason {
  /** The model produced an end-of-turn token. */
  STOP_TOKEN,
  /** The text reached one of the request's stop strings (not included in the text). */
  STOP_STRING,
  /** The request's {@code maxNewTokens} were generated. */
  MAX_TOKENS,
  /** The context is full and no more turns can be dropped. */
  CONTEXT_FULL,
  /** {@link ChatSession#cancel()} or {@link GenerationHandle#cancel()} was called. */
  CANCELLED,
  /** The runtime failed; see {@link GenerationException}. */
  ERROR;

  /** The lower-case name used in CLI JSON ({@code "stop_token"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
