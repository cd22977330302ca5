package app.lumen.inference;

import app.lumen.inference.internal.OrtInferenceEngine;
import java.nio.file.Path;

/**
 * Entry point of the engine: loads model packages into {@link LoadedModel}s.
 *
 * <p>Threading: an engine has one owner (on Android, the foreground service) which creates it,
 * loads models and closes it. All methods are safe to call from any thread; {@link #load} blocks
 * the calling thread (it reads hundreds of megabytes), so call it off the main thread.
 *
 * <p>Errors: {@link #load} throws {@link ModelLoadException} naming the file, field or tensor that
 * is wrong. After {@link #close()} every method throws {@link IllegalStateException}; closing the
 * engine closes every model it loaded.
 */
public interface InferenceEngine extends AutoCloseable {

  /** An engine on ONNX Runtime with the given options. */
  static InferenceEngine create(EngineOptions options) {
    return new OrtInferenceEngine(options);
  }

  /** An engine on ONNX Runtime with {@link EngineOptions#defaults()}. */
  static InferenceEngine create() {
    return create(EngineOptions.defaults());
  }

  /**
   * Loads the package in {@code packageDir} (a folder holding {@code lumen-package.json}).
   *
   * @param listener receives {@link Phase#LOADING} start and end
   * @throws UnsupportedFamilyException when this engine does not run the package's family ({@link
   *     EngineSupport}), before any graph is read
   * @throws ModelLoadException when the package is missing, malformed or not supported
   */
  LoadedModel load(Path packageDir, PhaseListener listener);

  /** Same as {@link #load(Path, PhaseListener)} without progress reports. */
  default LoadedModel load(Path packageDir) {
    return load(packageDir, PhaseListener.NONE);
  }

  /** Releases every loaded model and the runtime. Idempotent. */
  @Override
  void close();
}
