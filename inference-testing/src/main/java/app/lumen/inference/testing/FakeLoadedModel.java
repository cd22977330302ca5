package app.lumen.inference.testing;

import app.lumen.inference.ChatSession;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelInfo;
import app.lumen.inference.ProviderChoice;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.vision.VisionModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake {@link LoadedModel}: asynchronous generations play on the engine's scheduler, or on a
 * worker thread of this model's own. Its {@link #vision()} is a {@link FakeVisionModel}, opened on
 * first use and closed with the model, as the real engine does.
 */
final class FakeLoadedModel implements LoadedModel {
  private final FakeInferenceEngine engine;
  private final ModelInfo info;
  private final ProviderChoice providerChoice;
  private final FakeScheduler scheduler;
  private final WorkerThreadScheduler ownWorker;
  private final List<FakeChatSession> sessions = new ArrayList<>();
  private FakeVisionModel vision;
  private boolean closed;

  FakeLoadedModel(
      FakeInferenceEngine engine,
      ModelInfo info,
      ProviderChoice providerChoice,
      FakeScheduler scheduler) {
    this.engine = engine;
    this.info = info;
    this.providerChoice = providerChoice;
    this.ownWorker = scheduler == null ? new WorkerThreadScheduler() : null;
    this.scheduler = scheduler == null ? ownWorker : scheduler;
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

  /** The choice without the open check: a generation still finishing after close reports it. */
  ProviderChoice choice() {
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
  public synchronized VisionModel vision() {
    checkOpen();
    if (!info.supportsImages()) {
      throw new InvalidRequestException(
          "model " + info.id() + " reads no images: its lumen-package.json has no graphs.vision");
    }
    if (vision == null) {
      vision = new FakeVisionModel(info.id(), engine::visionClosed);
      engine.visionOpened();
    }
    return vision;
  }

  @Override
  public void close() {
    List<FakeChatSession> toClose;
    FakeVisionModel openVision;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(sessions);
      openVision = vision;
    }
    for (FakeChatSession session : toClose) {
      session.close();
    }
    if (openVision != null) {
      openVision.close();
    }
    if (ownWorker != null) {
      ownWorker.shutdown();
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  FakeInferenceEngine engine() {
    return engine;
  }

  FakeScheduler scheduler() {
    return scheduler;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
  }
}
