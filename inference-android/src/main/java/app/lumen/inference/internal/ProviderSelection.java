package app.lumen.inference.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.NNAPIFlags;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.NnapiFlag;
import app.lumen.inference.ProviderChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Opens a model's graphs on the preferred execution provider, or on CPU with the reason when the
 * provider is missing from this ONNX Runtime build or cannot compile one of the graphs. All graphs
 * of a model run on one provider, so a graph that only one provider compiles moves them all to CPU.
 */
final class ProviderSelection {
  private ProviderSelection() {}

  /**
   * Where sessions come from: ONNX Runtime itself, or a test double that lets a provider register
   * and then fail to compile a graph (which no runtime on the desktop does).
   */
  interface SessionFactory {
    /** Adds {@code provider} (never CPU) to {@code options}; throws when the runtime lacks it. */
    void addProvider(
        OrtSession.SessionOptions options, ExecutionProvider provider, EngineOptions engineOptions)
        throws OrtException;

    /** A session of {@code graph}; compiling it for the options' providers happens here. */
    OrtSession createSession(Path graph, OrtSession.SessionOptions options) throws OrtException;
  }

  /** The factory of the real runtime. */
  static SessionFactory onnxRuntime(OrtEnvironment env) {
    return new SessionFactory() {
      @Override
      public void addProvider(
          OrtSession.SessionOptions options, ExecutionProvider provider, EngineOptions engine)
          throws OrtException {
        switch (provider) {
          case XNNPACK -> {
            options.addXnnpack(Map.of("intra_op_num_threads", Integer.toString(threads(engine))));
            // ONNX Runtime's XNNPACK guidance: XNNPACK runs its own thread pool, so the session's
            // pool shrinks to the calling thread and stops spinning, or the two pools fight for
            // cores.
            options.setIntraOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
          }
          case NNAPI -> options.addNnapi(nnapiFlags(engine));
          case CPU -> {}
        }
      }

      @Override
      public OrtSession createSession(Path graph, OrtSession.SessionOptions options)
          throws OrtException {
        return env.createSession(graph.toString(), options);
      }
    };
  }

  /** Sessions of the graphs asked for, in their order, and the provider they run on. */
  record Opened(List<OrtSession> sessions, ProviderChoice choice) {}

  /**
   * Opens every graph in {@code graphs} on {@code engineOptions.provider()}, or all of them on CPU
   * when that provider cannot be added or cannot create one of the sessions.
   *
   * @throws OrtException when even CPU cannot create a session (a broken or unsupported graph)
   */
  static Opened open(SessionFactory factory, EngineOptions engineOptions, List<Path> graphs)
      throws OrtException {
    ExecutionProvider wanted = engineOptions.provider();
    String reason = null;
    if (wanted != ExecutionProvider.CPU) {
      try (OrtSession.SessionOptions options = base(engineOptions)) {
        try {
          factory.addProvider(options, wanted, engineOptions);
        } catch (OrtException | RuntimeException | LinkageError e) {
          reason = wanted.id() + " is not available in this ONNX Runtime build: " + describe(e);
        }
        if (reason == null) {
          try {
            return new Opened(
                createAll(factory, graphs, options), ProviderChoice.asRequested(wanted));
          } catch (GraphFailure failure) {
            reason =
                wanted.id()
                    + " could not compile "
                    + failure.graph.getFileName()
                    + ": "
                    + describe(failure.getCause());
          }
        }
      }
    }
    try (OrtSession.SessionOptions options = base(engineOptions)) {
      List<OrtSession> sessions;
      try {
        sessions = createAll(factory, graphs, options);
      } catch (GraphFailure failure) {
        throw new UnopenableGraphException(failure.graph, failure.getCause());
      }
      return new Opened(
          sessions,
          reason == null
              ? ProviderChoice.asRequested(ExecutionProvider.CPU)
              : ProviderChoice.fallback(wanted, ExecutionProvider.CPU, reason));
    }
  }

  /** Every session or none: on a failure the ones already created are closed. */
  private static List<OrtSession> createAll(
      SessionFactory factory, List<Path> graphs, OrtSession.SessionOptions options)
      throws GraphFailure {
    List<OrtSession> sessions = new ArrayList<>();
    for (Path graph : graphs) {
      try {
        sessions.add(factory.createSession(graph, options));
      } catch (OrtException | RuntimeException e) {
        for (OrtSession session : sessions) {
          closeQuietly(session);
        }
        throw new GraphFailure(graph, e);
      }
    }
    return sessions;
  }

  /**
   * Even CPU cannot open {@link #graph}: the graph itself is broken or uses what this ONNX Runtime
   * lacks. The loader words it as {@code lumen validate} does.
   */
  static final class UnopenableGraphException extends RuntimeException {
    final Path graph;

    UnopenableGraphException(Path graph, Throwable cause) {
      super(cause.getMessage(), cause);
      this.graph = graph;
    }
  }

  /** A session that could not be created, with the graph it was for. */
  private static final class GraphFailure extends Exception {
    final Path graph;

    GraphFailure(Path graph, Exception cause) {
      super(cause);
      this.graph = graph;
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

  /** ONNX Runtime's flags of the same names. */
  static EnumSet<NNAPIFlags> nnapiFlags(EngineOptions engineOptions) {
    EnumSet<NNAPIFlags> flags = EnumSet.noneOf(NNAPIFlags.class);
    for (NnapiFlag flag : engineOptions.nnapiFlags()) {
      flags.add(
          switch (flag) {
            case USE_FP16 -> NNAPIFlags.USE_FP16;
            case USE_NCHW -> NNAPIFlags.USE_NCHW;
            case CPU_DISABLED -> NNAPIFlags.CPU_DISABLED;
            case CPU_ONLY -> NNAPIFlags.CPU_ONLY;
          });
    }
    return flags;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.trim().isEmpty()
        ? e.getClass().getSimpleName()
        : message.trim();
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException ignored) {
      // already failing; the first error is the one worth reporting
    }
  }

  static int threads(EngineOptions engineOptions) {
    return engineOptions.intraOpThreads() > 0
        ? engineOptions.intraOpThreads()
        : Runtime.getRuntime().availableProcessors();
  }
}
