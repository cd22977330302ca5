package app.lumen.inference.testing;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.GenerationHandle;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.ProviderChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

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
  private boolean busy;
  private FakePlayback playing;
  private boolean closed;

  FakeChatSession(FakeLoadedModel model) {
    this.model = model;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, GenerationListener listener) {
    CallingThreadScheduler callingThread = new CallingThreadScheduler();
    FakePlayback playback =
        new FakePlayback(this, model.engine(), request, listener, callingThread);
    begin(playback);
    playback.start();
    callingThread.runUntil(playback.result::isDone, playback::cancel);
    try {
      return playback.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public GenerationHandle generateAsync(GenerationRequest request, GenerationListener listener) {
    FakePlayback playback =
        new FakePlayback(this, model.engine(), request, listener, model.scheduler());
    begin(playback);
    try {
      playback.start();
    } catch (RejectedExecutionException e) {
      end();
      throw new IllegalStateException("model is closed", e);
    }
    return GenerationHandle.of(playback.result, playback::cancel);
  }

  @Override
  public int restore(List<ChatMessage> history, PhaseListener listener) {
    begin(null);
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
    FakePlayback current;
    synchronized (this) {
      current = playing;
    }
    if (current != null) {
      current.cancel();
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
    if (busy) {
      throw new IllegalStateException("a generation is running");
    }
    cached.clear();
  }

  @Override
  public void close() {
    FakePlayback current;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      current = playing;
    }
    if (current != null) {
      current.cancel();
    }
  }

  /** Whether a message the cache does not hold carries an image. */
  synchronized boolean hasNewImages(List<ChatMessage> messages) {
    for (int i = 0; i < messages.size(); i++) {
      boolean cachedAlready = i < cached.size() && cached.get(i).equals(messages.get(i));
      if (!cachedAlready && !messages.get(i).images().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  synchronized void remember(List<ChatMessage> messages, CharSequence answer) {
    cached.clear();
    cached.addAll(messages);
    cached.add(ChatMessage.assistant(answer.toString()));
  }

  synchronized int commonPrefixTokens(List<ChatMessage> messages) {
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

  /** Takes the session for {@code playback} (null: a restore). */
  private synchronized void begin(FakePlayback playback) {
    checkOpen();
    if (model.isClosed()) {
      throw new IllegalStateException("model is closed");
    }
    if (busy) {
      throw new IllegalStateException("a generation is already running in this session");
    }
    busy = true;
    playing = playback;
  }

  /** Frees the session for the next generation. */
  synchronized void end() {
    busy = false;
    playing = null;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
  }

  /** What the session's model runs on, for the stats of its generations. */
  ProviderChoice providerChoice() {
    return model.choice();
  }
}
