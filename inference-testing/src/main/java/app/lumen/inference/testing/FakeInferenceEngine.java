package app.lumen.inference.testing;

import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelInfo;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.ProviderChoice;
import app.lumen.inference.SamplingParams;
import app.lumen.pkg.ModelFamily;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * An {@link InferenceEngine} that plays {@link FakeScript}s instead of running a model, for tests
 * of code written against the engine API (view models, services, UI).
 *
 * <p>It keeps the real threading and lifecycle contracts: asynchronous generations run one at a
 * time per model (by default on a worker thread of its own), cancellation stops before the next
 * token and leaves the session reusable, and everything throws {@link IllegalStateException} after
 * close. Each generation plays the next enqueued script, or the default script when none is queued.
 * Every request is recorded.
 *
 * <p>Time: a script's delays are real time by default. Tests that must not depend on the machine's
 * speed give the engine a {@link FakeScheduler} over their virtual clock; asynchronous generations
 * then play on it, one scheduled step at a time. A blocking {@link
 * app.lumen.inference.ChatSession#generate} always plays on its caller's thread, in real time.
 *
 * <p>Thread-safe.
 */
public final class FakeInferenceEngine implements InferenceEngine {

  private final FakeScheduler scheduler;
  private final Deque<FakeScript> scripts = new ArrayDeque<>();
  private final List<GenerationRequest> requests = new ArrayList<>();
  private final List<Path> loadedPackages = new ArrayList<>();
  private final List<FakeLoadedModel> models = new ArrayList<>();
  private FakeScript defaultScript = FakeScript.answer("Hello", ",", " world", "!");
  private ModelInfo modelInfo =
      new ModelInfo("fake", ModelFamily.QWEN3_VL.id(), "Fake model", 4096, true);
  private ProviderChoice providerChoice = ProviderChoice.asRequested(ExecutionProvider.CPU);
  private long loadMillis;
  private ModelLoadException nextLoadFailure;
  private Runnable duringNextLoad;
  private int openVisionModels;
  private boolean closed;

  /** An engine whose models play generations on worker threads of their own, in real time. */
  public FakeInferenceEngine() {
    this.scheduler = null;
  }

  /** An engine whose asynchronous generations play on {@code scheduler}, on its clock. */
  public FakeInferenceEngine(FakeScheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** Queues a script for the next generation (scripts play in the order queued). */
  public synchronized FakeInferenceEngine enqueue(FakeScript script) {
    scripts.addLast(script);
    return this;
  }

  /** The script played when the queue is empty. */
  public synchronized FakeInferenceEngine setDefaultScript(FakeScript script) {
    this.defaultScript = script;
    return this;
  }

  /** What {@link LoadedModel#info()} reports for models loaded from now on. */
  public synchronized FakeInferenceEngine setModelInfo(ModelInfo info) {
    this.modelInfo = info;
    return this;
  }

  /**
   * What {@link LoadedModel#providerChoice()} reports for models loaded from now on; their
   * generations' stats carry its provider and fallback reason. CPU as requested by default.
   */
  public synchronized FakeInferenceEngine setProviderChoice(ProviderChoice choice) {
    this.providerChoice = choice;
    return this;
  }

  /**
   * How long {@link #load} blocks its caller, in real time whatever the scheduler: loading is
   * synchronous, so no virtual clock can make it pass. Tests on virtual time leave it at 0.
   */
  public synchronized FakeInferenceEngine setLoadMillis(long millis) {
    this.loadMillis = millis;
    return this;
  }

  /** Makes the next {@link #load} throw {@code failure}. */
  public synchronized FakeInferenceEngine failNextLoad(ModelLoadException failure) {
    this.nextLoadFailure = failure;
    return this;
  }

  /**
   * Runs {@code action} inside the next {@link #load}, on the loading thread, once the load has
   * started and before it returns the model: what a test does while a model loads (a stop, a look
   * at the notification). Loading blocks, so no virtual clock can hold a load open; this can.
   */
  public synchronized FakeInferenceEngine duringNextLoad(Runnable action) {
    this.duringNextLoad = Objects.requireNonNull(action, "action");
    return this;
  }

  /** Models loaded and not closed yet: what a real engine would hold in memory. */
  public synchronized int openModels() {
    int open = 0;
    for (FakeLoadedModel model : models) {
      if (!model.isClosed()) {
        open++;
      }
    }
    return open;
  }

  /** Every request received so far, in order. */
  public synchronized List<GenerationRequest> requests() {
    return List.copyOf(requests);
  }

  /** Every package folder passed to {@link #load}, in order. */
  public synchronized List<Path> loadedPackages() {
    return List.copyOf(loadedPackages);
  }

  /**
   * Vision paths ({@link LoadedModel#vision()}) opened and not closed yet: what a real engine would
   * hold in vision graph memory.
   */
  public synchronized int openVisionModels() {
    return openVisionModels;
  }

  synchronized void visionOpened() {
    openVisionModels++;
  }

  synchronized void visionClosed() {
    openVisionModels--;
  }

  @Override
  public LoadedModel load(Path packageDir, PhaseListener listener) {
    ModelLoadException failure;
    long millis;
    ModelInfo info;
    ProviderChoice choice;
    Runnable during;
    synchronized (this) {
      checkOpen();
      loadedPackages.add(packageDir);
      failure = nextLoadFailure;
      nextLoadFailure = null;
      during = duringNextLoad;
      duringNextLoad = null;
      millis = loadMillis;
      info = modelInfo;
      choice = providerChoice;
    }
    listener.onPhaseStarted(Phase.LOADING);
    FakeClock.sleep(millis);
    if (during != null) {
      during.run();
    }
    if (failure != null) {
      throw failure;
    }
    listener.onPhase(Phase.LOADING, millis);
    FakeLoadedModel model = new FakeLoadedModel(this, info, choice, scheduler);
    synchronized (this) {
      checkOpen();
      models.add(model);
    }
    return model;
  }

  @Override
  public void close() {
    List<FakeLoadedModel> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(models);
    }
    for (FakeLoadedModel model : toClose) {
      model.close();
    }
  }

  synchronized FakeScript nextScript(GenerationRequest request) {
    requests.add(request);
    FakeScript script = scripts.pollFirst();
    return script != null ? script : defaultScript;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
  }

  static SamplingParams defaultSampling() {
    return SamplingParams.builder().temperature(0.7f).topK(20).topP(0.8f).build();
  }
}
