package app.lumen.inference.internal;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.PhaseListener;
import java.nio.file.Path;

/** The ONNX Runtime engine. */
public final class OrtInferenceEngine implements InferenceEngine {
  private final EngineOptions options;
  private volatile boolean closed;

  public OrtInferenceEngine(EngineOptions options) {
    this.options = options;
  }

  @Override
  public LoadedModel load(Path packageDir, PhaseListener listener) {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
    throw new ModelLoadException("loading " + packageDir + " is not available in this build");
  }

  @Override
  public void close() {
    closed = true;
  }
}
