package app.lumen.inference.testing;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationHandle;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.GenerationStats;
import app.lumen.inference.InferenceException;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@link ChatSession}. Its "cache" is the list of messages seen, each counted as one token
 * per word plus {@link #TURN_OVERHEAD_TOKENS}, so prefilled-versus-reused figures behave like the
 * real engine's when a conversation grows, is regenerated or edited.
 */
final class FakeChatSession implements ChatSession {
  /** Role markers and separators the real chat template adds around each message. */
  static final int TURN_OVERHEAD_TOKENS = 4;

  private final FakeLoadedModel model;
  private final List<ChatMessage> cached = new ArrayList<>();
  private CountDownLatch running;
  private boolean closed;

  FakeChatSession(FakeLoadedModel model) {
    this.model = model;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, GenerationListener listener) {
    CountDownLatch cancel = begin();
    return finish(request, listener, cancel);
  }

  /**
   * Plays the script, then frees the session <em>before</em> the terminal callback, so a listener
   * or awaiting caller may start the next generation at once.
   */
  private GenerationResult finish(
      GenerationRequest request, GenerationListener listener, CountDownLatch cancel) {
    GenerationResult result;
    try {
      result = play(request, listener, cancel);
    } catch (GenerationException e) {
      end();
      listener.onFailed(e);
      throw e;
    } catch (RuntimeException e) {
      end();
      throw e;
    }
    end();
    listener.onFinished(result);
    return result;
  }

  @Override
  public GenerationHandle generateAsync(GenerationRequest request, GenerationListener listener) {
    CountDownLatch cancel = begin();
    CompletableFuture<GenerationResult> future = new CompletableFuture<>();
    try {
      model
          .worker()
          .execute(
              () -> {
                try {
                  future.complete(finish(request, listener, cancel));
                } catch (RuntimeException e) {
                  future.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      end();
      throw new IllegalStateException("model is closed", e);
    }
    return GenerationHandle.of(future, cancel::countDown);
  }

  @Override
  public int restore(List<ChatMessage> history, PhaseListener listener) {
    CountDownLatch cancel = begin();
    try {
      listener.onPhaseStarted(Phase.PREFILL);
      synchronized (this) {
        cached.clear();
        cached.addAll(history);
      }
      listener.onPhase(Phase.PREFILL, 0);
      return tokens(history);
    } finally {
      end();
    }
  }

  @Override
  public void cancel() {
    CountDownLatch current;
    synchronized (this) {
      current = running;
    }
    if (current != null) {
      current.countDown();
    }
  }

  @Override
  public synchronized int cachedTokens() {
    checkOpen();
    return tokens(cached);
  }

  @Override
  public synchronized void reset() {
    checkOpen();
    if (running != null) {
      throw new IllegalStateException("a generation is running");
    }
    cached.clear();
  }

  @Override
  public void close() {
    CountDownLatch current;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      current = running;
    }
    if (current != null) {
      current.countDown();
    }
  }

  private GenerationResult play(
      GenerationRequest request, GenerationListener listener, CountDownLatch cancel) {
    FakeScript script = model.engine().nextScript(request);
    long start = System.nanoTime();
    int promptTokens = tokens(request.messages());
    int reused = commonPrefixTokens(request.messages());
    List<Integer> ids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    boolean thought = false;
    double ttft = 0;
    FinishReason finish = script.finishReason();
    // -1: no image to encode (as the real engine, which only encodes images it has not cached)
    double imageMillis = hasNewImages(request.messages()) ? script.imageEncodeMillis() : -1;
    try {
      boolean cancelled = false;
      if (imageMillis >= 0) {
        listener.onPhaseStarted(Phase.ENCODING_IMAGE);
        cancelled = await(cancel, script.imageEncodeMillis());
        listener.onPhase(Phase.ENCODING_IMAGE, imageMillis);
      }
      listener.onPhaseStarted(Phase.PREFILL);
      cancelled = cancelled || await(cancel, script.prefillMillis());
      listener.onPhase(Phase.PREFILL, script.prefillMillis());
      listener.onPhaseStarted(Phase.DECODE);
      List<FakeScript.Chunk> chunks = script.chunks();
      for (int i = 0; !cancelled && i <= chunks.size(); i++) {
        if (i == script.failAfterTokens()) {
          throw new FakeFailure(script.failureMessage());
        }
        if (i == chunks.size()) {
          break;
        }
        cancelled = await(cancel, script.tokenDelayMillis());
        if (cancelled) {
          break;
        }
        FakeScript.Chunk chunk = chunks.get(i);
        ids.add(chunk.tokenId());
        (chunk.thinking() ? thinking : text).append(chunk.text());
        thought |= chunk.thinking();
        if (ttft == 0) {
          ttft = (System.nanoTime() - start) / 1e6;
        }
        listener.onToken(chunk.tokenId(), chunk.text(), chunk.thinking());
      }
      if (cancelled) {
        finish = FinishReason.CANCELLED;
      }
      listener.onPhase(Phase.DECODE, (System.nanoTime() - start) / 1e6 - ttft);
    } catch (RuntimeException e) {
      GenerationResult partial =
          result(
              ids,
              text,
              thinking,
              thought,
              FinishReason.ERROR,
              promptTokens,
              reused,
              ttft,
              imageMillis);
      GenerationException failure =
          e instanceof GenerationException g
              ? g
              : new GenerationException(String.valueOf(e.getMessage()), e, partial);
      remember(request.messages(), text);
      throw failure;
    }
    GenerationResult result =
        result(ids, text, thinking, thought, finish, promptTokens, reused, ttft, imageMillis);
    remember(request.messages(), text);
    return result;
  }

  private GenerationResult result(
      List<Integer> ids,
      CharSequence text,
      CharSequence thinking,
      boolean thought,
      FinishReason finish,
      int promptTokens,
      int reused,
      double ttft,
      double imageMillis) {
    GenerationStats stats =
        new GenerationStats(
            promptTokens,
            promptTokens - reused,
            reused,
            0,
            ids.size(),
            ttft,
            0,
            0,
            Math.max(0, imageMillis),
            model.choice().used().id(),
            model.choice().fallbackReason());
    return new GenerationResult(
        ids, text.toString(), thought ? thinking.toString() : null, finish, stats);
  }

  /** Whether a message the cache does not hold carries an image. */
  private synchronized boolean hasNewImages(List<ChatMessage> messages) {
    for (int i = 0; i < messages.size(); i++) {
      boolean cachedAlready = i < cached.size() && cached.get(i).equals(messages.get(i));
      if (!cachedAlready && !messages.get(i).images().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private synchronized void remember(List<ChatMessage> messages, CharSequence answer) {
    cached.clear();
    cached.addAll(messages);
    cached.add(ChatMessage.assistant(answer.toString()));
  }

  private synchronized int commonPrefixTokens(List<ChatMessage> messages) {
    int tokens = 0;
    for (int i = 0; i < Math.min(cached.size(), messages.size()); i++) {
      if (!cached.get(i).equals(messages.get(i))) {
        break;
      }
      tokens += tokens(cached.get(i));
    }
    return tokens;
  }

  static int tokens(List<ChatMessage> messages) {
    int tokens = 0;
    for (ChatMessage message : messages) {
      tokens += tokens(message);
    }
    return tokens;
  }

  static int tokens(ChatMessage message) {
    String text = message.text().trim();
    int words = text.isEmpty() ? 0 : text.split("\\s+").length;
    int imageTokens = 0;
    for (var image : message.images()) {
      imageTokens += image.tokenCount();
    }
    return words + imageTokens + TURN_OVERHEAD_TOKENS;
  }

  /** Waits up to {@code millis}; true when cancelled meanwhile. */
  private static boolean await(CountDownLatch cancel, long millis) {
    try {
      return cancel.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private synchronized CountDownLatch begin() {
    checkOpen();
    if (model.isClosed()) {
      throw new IllegalStateException("model is closed");
    }
    if (running != null) {
      throw new IllegalStateException("a generation is already running in this session");
    }
    running = new CountDownLatch(1);
    return running;
  }

  private synchronized void end() {
    running = null;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
  }

  /** The scripted failure, before it is wrapped with the partial result. */
  private static final class FakeFailure extends InferenceException {
    FakeFailure(String message) {
      super(message);
    }
  }
}
