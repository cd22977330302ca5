package app.lumen.inference.internal;

import ai.onnxruntime.OrtEnvironment;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The ONNX Runtime engine: one process-wide runtime environment, the models loaded on it. */
public final class OrtInferenceEngine implements InferenceEngine {
  private final EngineOptions options;
  private final OrtEnvironment env;
  private final ProviderSelection.SessionFactory sessions;
  private final List<OrtLoadedModel> models = new ArrayList<>();
  private boolean closed;

  public OrtInferenceEngine(EngineOptions options) {
    this(options, ProviderSelection.onnxRuntime(OrtEnvironment.getEnvironment()));
  }

  /** An engine whose sessions come from {@code sessions} (tests make providers fail with it). */
  OrtInferenceEngine(EngineOptions options, ProviderSelection.SessionFactory sessions) {
    this.options = options;
    this.env = OrtEnvironment.getEnvironment();
    this.sessions = sessions;
  }

  @Override
  public LoadedModel load(Path packageDir, PhaseListener listener) {
    return loadModel(packageDir, listener);
  }

  /** As {@link #load}, typed for tests and tools in this package. */
  public OrtLoadedModel loadModel(Path packageDir, PhaseListener listener) {
    synchronized (this) {
      checkOpen();
    }
    listener.onPhaseStarted(Phase.LOADING);
    long start = System.nanoTime();
    OrtLoadedModel model = OrtLoadedModel.load(this, env, sessions, packageDir, options);
    synchronized (this) {
      if (closed) {
        model.close();
        throw new IllegalStateException("engine is closed");
      }
      models.add(model);
    }
    listener.onPhase(Phase.LOADING, (System.nanoTime() - start) / 1e6);
    return model;
  }

  @Override
  public void close() {
    List<OrtLoadedModel> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(models);
    }
    for (OrtLoadedModel model : toClose) {
      model.close();
    }
    // The OrtEnvironment is a process-wide singleton that ONNX Runtime releases at exit.
  }

  synchronized void modelClosed(OrtLoadedModel model) {
    models.remove(model);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
  }
}
