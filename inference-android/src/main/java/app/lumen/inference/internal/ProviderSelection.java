package app.lumen.inference.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ExecutionProvider;
import java.util.Map;

/**
 * Builds session options for the preferred execution provider, falling back to CPU when the
 * provider cannot be added (the desktop ONNX Runtime jar has neither XNNPACK nor NNAPI).
 */
final class ProviderSelection {
  private ProviderSelection() {}

  /** Options plus the provider they actually use. The caller closes the options. */
  record Selected(OrtSession.SessionOptions options, ExecutionProvider provider) {}

  static Selected select(EngineOptions engineOptions) throws OrtException {
    ExecutionProvider wanted = engineOptions.provider();
    if (wanted != ExecutionProvider.CPU) {
      OrtSession.SessionOptions options = base(engineOptions);
      try {
        add(options, wanted, threads(engineOptions));
        return new Selected(options, wanted);
      } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
        // This runtime build lacks the provider (the desktop jar has neither XNNPACK nor NNAPI).
        options.close();
        return new Selected(base(engineOptions), ExecutionProvider.CPU);
      }
    }
    return new Selected(base(engineOptions), ExecutionProvider.CPU);
  }

  private static void add(
      OrtSession.SessionOptions options, ExecutionProvider provider, int threads)
      throws OrtException {
    switch (provider) {
      case XNNPACK -> {
        options.addXnnpack(Map.of("intra_op_num_threads", Integer.toString(threads)));
        // ONNX Runtime's XNNPACK guidance: XNNPACK runs its own thread pool, so the session's pool
        // shrinks to the calling thread and stops spinning, or the two pools fight for cores.
        options.setIntraOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      case NNAPI -> options.addNnapi();
      case CPU -> {}
    }
  }

  private static OrtSession.SessionOptions base(EngineOptions engineOptions) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(threads(engineOptions));
      options.addConfigEntry(
          "session.intra_op.allow_spinning", engineOptions.allowSpinning() ? "1" : "0");
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  static int threads(EngineOptions engineOptions) {
    return engineOptions.intraOpThreads() > 0
        ? engineOptions.intraOpThreads()
        : Runtime.getRuntime().availableProcessors();
  }
}
