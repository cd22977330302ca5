package app.lumen.inference.testing;

import app.lumen.inference.ChatSession;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelInfo;
import app.lumen.inference.ProviderChoice;
import app.lumen.inference.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A fake {@link LoadedModel}: one worker thread for asynchronous generations. */
final class FakeLoadedModel implements LoadedModel {
  private final FakeInferenceEngine engine;
  private final ModelInfo info;
  private final ProviderChoice providerChoice;
  private final ExecutorService worker;
  private final List<FakeChatSession> sessions = new ArrayList<>();
  private boolean closed;

  FakeLoadedModel(FakeInferenceEngine engine, ModelInfo info, ProviderChoice providerChoice) {
    this.engine = engine;
    this.info = info;
    this.providerChoice = providerChoice;
    this.worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "fake-generate");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public synchronized ModelInfo info() {
    checkOpen();
    return info;
  }

  @Override
  public synchronized ExecutionProvider provider() {
    checkOpen();
    return providerChoice.used();
  }

  @Override
  public synchronized ProviderChoice providerChoice() {
    checkOpen();
    return providerChoice;
  }

  @Override
  public synchronized SamplingParams defaultSampling() {
    checkOpen();
    return FakeInferenceEngine.defaultSampling();
  }

  @Override
  public synchronized ChatSession newSession() {
    checkOpen();
    FakeChatSession session = new FakeChatSession(this);
    sessions.add(session);
    return session;
  }

  @Override
  public void close() {
    List<FakeChatSession> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(sessions);
    }
    for (FakeChatSession session : toClose) {
      session.close();
    }
    worker.shutdownNow();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** The choice without the open check: a generation still finishing after close reports it. */
  ProviderChoice choice() {
    return providerChoice;
  }

  FakeInferenceEngine engine() {
    return engine;
  }

  ExecutorService worker() {
    return worker;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
  }
}
