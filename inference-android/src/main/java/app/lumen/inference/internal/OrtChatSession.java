package app.lumen.inference.internal;

import ai.onnxruntime.OrtException;
import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationHandle;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.GenerationStats;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.SamplingParams;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A conversation on ONNX Runtime: its cache, and one generation at a time.
 *
 * <p>close() returns only after every generation or restore begun before it has delivered its last
 * callback, so an owner that tears down after close() hears nothing more; the one exception is a
 * close() from inside this session's own callback, which cannot wait for itself.
 */
final class OrtChatSession implements ChatSession {
  private final OrtLoadedModel model;
  private final ConversationCache cache;

  /** Held for the whole of a generation; close() takes it to wait for the running one. */
  private final ReentrantLock running = new ReentrantLock();

  private Cancellation currentCancel;
  private volatile boolean closed;
  private LogitsObserver observer = LogitsObserver.NONE;

  /** Run by close() just before it blocks for a generation's last callback; tests order on it. */
  volatile Runnable awaitingEnd = () -> {};

  /** Generations and restores begun whose last callback has not returned yet (guarded by this). */
  private int unfinished;

  /** Whether close() has let go of the cache and the model's record (guarded by this). */
  private boolean released;

  /** How many of those the current thread is running (a listener calling close() is inside one). */
  private final ThreadLocal<int[]> runningHere = ThreadLocal.withInitial(() -> new int[1]);

  /** Async generations still queued on the worker (guarded by this). */
  private int queued;

  /** True on the model's worker while it runs a generation: queued ones wait behind it. */
  private static final ThreadLocal<Boolean> ON_WORKER = ThreadLocal.withInitial(() -> false);

  OrtChatSession(OrtLoadedModel model, ConversationCache cache) {
    this.model = model;
    this.cache = cache;
  }

  /** Lets golden tests see every logits row. */
  void setLogitsObserver(LogitsObserver observer) {
    this.observer = observer;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, GenerationListener listener) {
    Cancellation cancel = begin();
    return runAndFinish(request, listener, cancel, System.nanoTime());
  }

  @Override
  public GenerationHandle generateAsync(GenerationRequest request, GenerationListener listener) {
    Cancellation cancel = begin();
    long start = System.nanoTime();
    CompletableFuture<GenerationResult> future = new CompletableFuture<>();
    synchronized (this) {
      queued++;
    }
    try {
      model
          .worker()
          .execute(
              () -> {
                synchronized (this) {
                  queued--;
                }
                ON_WORKER.set(true);
                try {
                  future.complete(runAndFinish(request, listener, cancel, start));
                } catch (RuntimeException | Error e) {
                  future.completeExceptionally(e);
                } finally {
                  ON_WORKER.set(false);
                }
              });
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        queued--;
      }
      end();
      finished();
      throw new IllegalStateException("model is closed", e);
    }
    return GenerationHandle.of(future, cancel::cancel);
  }

  @Override
  public int restore(List<ChatMessage> history, PhaseListener listener) {
    Cancellation cancel = begin();
    runningHere.get()[0]++;
    try {
      return model.withGenerationLock(
          () -> {
            running.lock();
            try {
              TokenSequence sequence = fitHistory(history);
              if (sequence == null) {
                return cache.length(); // not even the last turn fits: nothing worth caching
              }
              int keep = Math.min(cache.tokens().commonPrefix(sequence), sequence.length());
              cache.truncate(keep);
              model.generator().prefill(sequence, cache, listener, cancel);
              return cache.length();
            } catch (OrtException e) {
              throw new GenerationException(
                  "restore failed: " + e.getMessage(),
                  e,
                  GenerationResult.empty(FinishReason.ERROR));
            } finally {
              if (closed) {
                cache.close(); // closed from a listener while restoring
              }
              running.unlock();
            }
          });
    } finally {
      end();
      runningHere.get()[0]--;
      finished();
    }
  }

  /**
   * The history rendered without a generation prompt and fitted as a request with the default
   * answer limit would fit it, so that request reuses all of it; null when even the last turn does
   * not fit.
   */
  private TokenSequence fitHistory(List<ChatMessage> history) {
    int context = model.info().contextLength();
    ContextFitter.Fitted fitted =
        ContextFitter.fit(
            history,
            model.renderer(),
            false,
            false,
            context,
            ContextFitter.answerRoom(context, GenerationRequest.DEFAULT_MAX_NEW_TOKENS));
    return fitted.fits() ? fitted.prompt() : null;
  }

  @Override
  public synchronized void cancel() {
    if (currentCancel != null) {
      currentCancel.cancel();
    }
  }

  @Override
  public int cachedTokens() {
    synchronized (this) {
      checkOpen();
    }
    return cache.length(); // never waits for a running generation (UI threads call this)
  }

  @Override
  public synchronized void reset() {
    checkOpen();
    if (currentCancel != null) {
      throw new IllegalStateException("a generation is running in this session");
    }
    cache.clear();
  }

  @Override
  public void close() {
    markClosed();
    synchronized (this) {
      if (mustWait()) {
        awaitingEnd.run();
      }
      boolean interrupted = false;
      while (mustWait()) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // the promise is to return after the last callback: keep waiting
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (released) {
        return;
      }
      released = true;
    }
    if (running.isHeldByCurrentThread()) {
      // Closed from a listener: the running generation or restore frees the cache as it ends.
      model.sessionClosed(this);
      return;
    }
    running.lock();
    try {
      cache.close();
    } finally {
      running.unlock();
    }
    model.sessionClosed(this);
  }

  /**
   * Whether a generation that can still end is unfinished. Those this thread is running (close()
   * from a listener) cannot end while it waits, nor can those queued behind it on the worker; the
   * queued ones find the session closed when they start.
   */
  private boolean mustWait() {
    int blocked = runningHere.get()[0] + (ON_WORKER.get() ? queued : 0);
    return unfinished > blocked;
  }

  /**
   * The first half of close(): no new generation may start and the running one is cancelled, so a
   * model closing many sessions can stop them all before waiting for any.
   */
  synchronized void markClosed() {
    closed = true;
    if (currentCancel != null) {
      currentCancel.cancel();
    }
  }

  /** Generates, frees the session, then reports the outcome (so a listener may start the next). */
  private GenerationResult runAndFinish(
      GenerationRequest request, GenerationListener listener, Cancellation cancel, long start) {
    runningHere.get()[0]++;
    try {
      return runAndReport(request, listener, cancel, start);
    } finally {
      runningHere.get()[0]--;
      finished();
    }
  }

  private GenerationResult runAndReport(
      GenerationRequest request, GenerationListener listener, Cancellation cancel, long start) {
    GenerationResult result;
    try {
      result = model.withGenerationLock(() -> runLocked(request, listener, cancel, start));
    } catch (GenerationException e) {
      end();
      listener.onFailed(e);
      throw e;
    } catch (RuntimeException | Error e) {
      // Listeners are promised exactly one of onFinished/onFailed, whatever went wrong (callers
      // such as a callbackFlow wait for it); the original error still propagates.
      end();
      listener.onFailed(
          new GenerationException(
              "generation failed: " + e, e, GenerationResult.empty(FinishReason.ERROR)));
      throw e;
    }
    end();
    listener.onFinished(result);
    return result;
  }

  private GenerationResult runLocked(
      GenerationRequest request, GenerationListener listener, Cancellation cancel, long start) {
    running.lock();
    try {
      if (closed) {
        throw new IllegalStateException("session is closed");
      }
      int context = model.info().contextLength();
      int room = ContextFitter.answerRoom(context, request.maxNewTokens());
      ContextFitter.Fitted fitted =
          ContextFitter.fit(request.messages(), model.renderer(), request.think(), context, room);
      if (!fitted.fits()) {
        return contextFull(fitted);
      }
      TokenSequence prompt = fitted.prompt();
      // At least the last prompt token is run again: its logits start the answer.
      int keep = Math.min(cache.tokens().commonPrefix(prompt), prompt.length() - 1);
      try {
        cache.truncate(keep);
      } catch (OrtException e) {
        cache.clear();
      }
      SamplingParams sampling =
          request.sampling() != null ? request.sampling() : model.defaultSampling();
      Generator.Job job =
          new Generator.Job(
              prompt,
              sampling,
              System.nanoTime(),
              request.maxNewTokens(),
              request.stopStrings(),
              context,
              listener,
              cancel,
              observer,
              start);
      GenerationResult result = model.generator().generate(job, cache);
      return fitted.droppedTokens() == 0 ? result : withDropped(result, fitted.droppedTokens());
    } finally {
      // Still under the lock: a close() waiting for it must not free the cache at the same time.
      if (closed) {
        cache.close();
      }
      running.unlock();
    }
  }

  private GenerationResult contextFull(ContextFitter.Fitted fitted) {
    GenerationStats stats =
        new GenerationStats(
            fitted.prompt().length(),
            0,
            0,
            fitted.droppedTokens(),
            0,
            0,
            0,
            0,
            0,
            model.providerChoice().used().id(),
            model.providerChoice().fallbackReason());
    return new GenerationResult(List.of(), "", null, FinishReason.CONTEXT_FULL, stats);
  }

  private static GenerationResult withDropped(GenerationResult result, int dropped) {
    GenerationStats s = result.stats();
    GenerationStats stats =
        new GenerationStats(
            s.promptTokens(),
            s.prefilledTokens(),
            s.reusedTokens(),
            dropped,
            s.generatedTokens(),
            s.ttftMillis(),
            s.prefillTokensPerSecond(),
            s.decodeTokensPerSecond(),
            s.imageEncodeMillis(),
            s.provider(),
            s.providerFallback());
    return new GenerationResult(
        result.tokenIds(), result.text(), result.thinking(), result.finishReason(), stats);
  }

  private synchronized Cancellation begin() {
    checkOpen();
    model.checkOpen();
    if (currentCancel != null) {
      throw new IllegalStateException("a generation is already running in this session");
    }
    currentCancel = new Cancellation();
    unfinished++;
    return currentCancel;
  }

  /** The last callback of a generation or restore has returned (or none will come). */
  private synchronized void finished() {
    unfinished--;
    notifyAll();
  }

  private synchronized void end() {
    if (currentCancel != null) {
      currentCancel.close();
    }
    currentCancel = null;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
  }
}
