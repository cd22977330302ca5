package app.lumen.inference;

import java.util.List;

/**
 * One conversation: holds the model's cache (keys and values of every token seen so far) so that
 * each turn only processes the tokens that are new.
 *
 * <p>Every request carries the <em>whole</em> conversation. The session renders it to tokens, keeps
 * the longest prefix it already holds and processes only the rest. So:
 *
 * <ul>
 *   <li>next turn: pass the history plus the new user message — only the new tokens are prefilled;
 *   <li>regenerate: pass the history without the last answer — the cache is cut back to before it;
 *   <li>edit: pass the edited history — the cache is cut back to where the edit starts;
 *   <li>restore after a restart: a new session given the full history prefills it once (or call
 *       {@link #restore} ahead of the first question).
 * </ul>
 *
 * <p>When the conversation does not fit the context, whole turns are dropped from the start (never
 * the system message); when even the last turn does not fit, the result's finish reason is {@link
 * FinishReason#CONTEXT_FULL}.
 *
 * <p>Threading: one generation at a time per session; starting a second while one runs throws
 * {@link IllegalStateException}. {@link #cancel()} may be called from any thread. Cancellation
 * takes effect before the next token (or between prefill chunks) and leaves the session reusable,
 * its cache holding the tokens processed so far. A generation frees the session before it reports
 * its end, so the next one may start from {@link GenerationListener#onFinished} or {@link
 * GenerationListener#onFailed}.
 *
 * <p>Errors: bad requests fail with {@link InvalidRequestException}, failures while running with
 * {@link GenerationException}; either way the listener's {@link GenerationListener#onFailed} is
 * called once and the cache stays consistent with the tokens it holds. After {@link #close()} every
 * method throws {@link IllegalStateException}.
 */
public interface ChatSession extends AutoCloseable {

  /**
   * Generates the next assistant message on the calling thread, streaming to {@code listener}.
   *
   * @return the result, also passed to {@link GenerationListener#onFinished}; a cancelled
   *     generation returns normally with {@link FinishReason#CANCELLED}
   * @throws InvalidRequestException when the request cannot be served (e.g. an image for a
   *     text-only model)
   * @throws GenerationException when the runtime fails; also passed to {@link
   *     GenerationListener#onFailed}
   */
  GenerationResult generate(GenerationRequest request, GenerationListener listener);

  /**
   * Starts {@link #generate} on the model's worker thread and returns at once. Listener calls come
   * from that worker thread. Invalid requests are reported through {@link
   * GenerationListener#onFailed} and {@link GenerationHandle#await()}.
   *
   * @throws IllegalStateException when a generation is running or the session is closed
   */
  GenerationHandle generateAsync(GenerationRequest request, GenerationListener listener);

  /**
   * Prefills {@code history} (rendered without a generation prompt) so the next request that
   * extends it starts fast. Oldest turns are left out exactly as a request with the default {@link
   * GenerationRequest#DEFAULT_MAX_NEW_TOKENS} would leave them out (room for the answer included),
   * so that request reuses every restored token. Blocks the calling thread; reports {@link
   * Phase#PREFILL}.
   *
   * @return the number of tokens now cached
   */
  int restore(List<ChatMessage> history, PhaseListener listener);

  /** Asks the running generation, if any, to stop before its next token. Any thread. */
  void cancel();

  /** The number of tokens currently held in the cache. */
  int cachedTokens();

  /** Empties the cache. Throws {@link IllegalStateException} while a generation runs. */
  void reset();

  /**
   * Cancels a running generation, waits for it, and frees the cache. Idempotent. Returns only after
   * the last callback ({@link GenerationListener#onFinished} or {@link
   * GenerationListener#onFailed}) of every generation started before it has returned, so nothing
   * reaches a listener afterwards; called from inside one of this session's callbacks, it does not
   * wait for that callback.
   */
  @Override
  void close();
}
