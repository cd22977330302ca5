package app.lumen.inference;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A generation running on the model's worker thread. All methods are safe from any thread.
 *
 * <p>From Kotlin, wrap it in {@code callbackFlow { val h = session.generateAsync(req, listener);
 * awaitClose { h.cancel() } }}.
 */
public interface GenerationHandle {

  /**
   * Asks the generation to stop before its next token; it then finishes as {@link
   * FinishReason#CANCELLED}. No effect once done.
   */
  void cancel();

  /** Whether the generation has finished, failed or been cancelled. */
  boolean isDone();

  /**
   * Waits for the result.
   *
   * @throws GenerationException when it failed
   * @throws InterruptedException when the waiting thread is interrupted (the generation goes on)
   */
  GenerationResult await() throws InterruptedException;

  /** As {@link #await()}, giving up after the timeout. */
  GenerationResult await(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException;

  /**
   * A handle over a generation that completes {@code future} (exceptionally with its {@link
   * GenerationException} when it fails) and stops when {@code cancel} runs. For engine
   * implementations and test doubles alike.
   */
  static GenerationHandle of(CompletableFuture<GenerationResult> future, Runnable cancel) {
    return new FutureGenerationHandle(future, cancel);
  }
}
