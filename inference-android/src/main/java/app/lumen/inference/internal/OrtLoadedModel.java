package app.lumen.inference.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.ChatSession;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.EngineSupport;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.GraphRunStats;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelInfo;
import app.lumen.inference.ModelIntegrityException;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.ProviderChoice;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.model.ModelPackage;
import app.lumen.inference.model.UnloadableGraph;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.vision.VisionModel;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageException;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.vision.ImageProcessorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** A model package loaded on ONNX Runtime; applications use it as a {@link LoadedModel}. */
public final class OrtLoadedModel implements LoadedModel {
  /** Qwen2-VL's template writes this system message when the conversation has none. */
  private static final String QWEN2_VL_DEFAULT_SYSTEM = ChatTemplate.DEFAULT_SYSTEM_PROMPT;

  private final ModelInfo info;
  private final ProviderChoice providerChoice;
  private final RuntimeConfig config;
  private final ModelRuntime runtime;
  private final PromptRenderer renderer;
  private final Generator generator;
  private final ExecutorService worker;
  private final ReentrantLock generationLock = new ReentrantLock(true);
  private final List<OrtChatSession> sessions = new ArrayList<>();
  private final OrtInferenceEngine engine;

  /** The vision graph and its processor values as loading read them; null without vision. */
  private final Path visionGraph;

  private final ImageProcessorConfig processorConfig;
  private final EngineOptions options;
  private final Object visionLock = new Object();
  private OrtVisionModel vision;
  private volatile boolean closed;

  private OrtLoadedModel(
      OrtInferenceEngine engine,
      Path visionGraph,
      ImageProcessorConfig processorConfig,
      EngineOptions options,
      ModelInfo info,
      ProviderChoice providerChoice,
      RuntimeConfig config,
      ModelRuntime runtime,
      PromptRenderer renderer,
      Generator generator) {
    this.engine = engine;
    this.visionGraph = visionGraph;
    this.processorConfig = processorConfig;
    this.options = options;
    this.info = info;
    this.providerChoice = providerChoice;
    this.config = config;
    this.runtime = runtime;
    this.renderer = renderer;
    this.generator = generator;
    this.worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "lumen-generate-" + info.id());
              thread.setDaemon(true);
              return thread;
            });
  }

  static OrtLoadedModel load(
      OrtInferenceEngine engine,
      OrtEnvironment env,
      ProviderSelection.SessionFactory sessions,
      Path packageDir,
      EngineOptions options) {
    ModelPackage modelPackage = openRunnable(packageDir);
    PackageManifest manifest = modelPackage.manifest();
    RuntimeConfig config = RuntimeConfig.of(modelPackage);
    TokenizerCodec codec = new TokenizerCodec(modelPackage.tokenizer());
    String decoderPath =
        manifest
            .graph(PackageManifest.ROLE_DECODER)
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        PackageManifest.FILE_NAME + ": 'graphs' has no 'decoder' entry"));
    Optional<String> embedPath = manifest.graph(PackageManifest.ROLE_EMBED);
    List<Path> graphs = new ArrayList<>();
    graphs.add(graphFile(packageDir, decoderPath));
    embedPath.ifPresent(path -> graphs.add(graphFile(packageDir, path)));
    Path visionGraph;
    try {
      visionGraph = modelPackage.graph(PackageManifest.ROLE_VISION).orElse(null);
    } catch (PackageException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    OrtSession embed = null;
    OrtSession decoder = null;
    try {
      ProviderSelection.Opened opened = ProviderSelection.open(sessions, options, graphs);
      decoder = opened.sessions().get(0);
      embed = embedPath.isPresent() ? opened.sessions().get(1) : null;
      ModelRuntime runtime =
          new ModelRuntime(env, embed, embedPath.orElse(null), decoder, decoderPath, config);
      ContextSizing.Choice context = contextFor(options, runtime, config);
      ModelInfo info =
          new ModelInfo(
              manifest.id(),
              manifest.family(),
              manifest.displayName(),
              context.tokens(),
              manifest.graph(PackageManifest.ROLE_VISION).isPresent(),
              context.reason());
      String defaultSystem =
          modelPackage.family().hasDefaultSystemPrompt() ? QWEN2_VL_DEFAULT_SYSTEM : null;
      PromptRenderer renderer = new TemplateRenderer(modelPackage.chatTemplate(), defaultSystem);
      Generator generator = new Generator(runtime, codec, config.stopTokenIds(), opened.choice());
      return new OrtLoadedModel(
          engine,
          visionGraph,
          modelPackage.preprocessorConfig().orElse(null),
          options,
          info,
          opened.choice(),
          config,
          runtime,
          renderer,
          generator);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(decoder);
      closeQuietly(embed);
      if (e instanceof ModelLoadException m) {
        throw m;
      }
      if (e instanceof ProviderSelection.UnopenableGraphException u) {
        // Named as the manifest names it (graphs are opened in the order listed above).
        String file = graphs.indexOf(u.graph) == 0 ? decoderPath : embedPath.get();
        throw new ModelLoadException(UnloadableGraph.message(file, u.getMessage()), e);
      }
      throw new ModelLoadException(packageDir + ": cannot load graphs: " + e.getMessage(), e);
    }
  }

  /**
   * The package in {@code packageDir}, refused with {@link
   * app.lumen.inference.UnsupportedFamilyException} right after its manifest is read when this
   * engine does not run its family: before its configs, tokenizer or graphs are read.
   */
  static ModelPackage openRunnable(Path packageDir) {
    try {
      PackageManifest manifest = PackageManifest.read(packageDir);
      EngineSupport.requireRunnable(ModelFamily.of(manifest));
      return ModelPackage.open(packageDir, manifest);
    } catch (IntegrityException e) {
      throw new ModelIntegrityException(e.getMessage(), e);
    } catch (PackageException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
  }

  private static ContextSizing.Choice contextFor(
      EngineOptions options, ModelRuntime runtime, RuntimeConfig config) {
    List<StateSpec> states = runtime.signature().states();
    int logitsRows = ContextSizing.logitsRows(runtime.signature().logitsToKeep() != null);
    return ContextSizing.choose(
        options,
        ContextSizing.cacheBytesPerToken(states),
        ContextSizing.fixedBytes(states, logitsRows, config.vocabSize()),
        config.maxPositions());
  }

  /** The graph file {@code relative} names, checked before any provider tries to compile it. */
  private static Path graphFile(Path packageDir, String relative) {
    Path file;
    try {
      file = PackagePaths.resolve(packageDir, relative);
    } catch (Exception e) {
      throw new ModelLoadException(
          PackageManifest.FILE_NAME + ": graph path '" + relative + "': " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(relative + ": graph file missing from " + packageDir);
    }
    return file;
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // already failing; the first error is the one worth reporting
      }
    }
  }

  @Override
  public ModelInfo info() {
    checkOpen();
    return info;
  }

  @Override
  public ExecutionProvider provider() {
    checkOpen();
    return providerChoice.used();
  }

  @Override
  public ProviderChoice providerChoice() {
    checkOpen();
    return providerChoice;
  }

  @Override
  public SamplingParams defaultSampling() {
    checkOpen();
    return config.sampling();
  }

  @Override
  public ChatSession newSession() {
    return openSession();
  }

  /**
   * Opened on first use under its own lock (loading it takes a while and must not hold up new
   * sessions); {@link #close()} takes the same lock after marking the model closed, so a graph
   * opened concurrently is either closed there or never opened.
   */
  @Override
  public VisionModel vision() {
    synchronized (visionLock) {
      checkOpen();
      if (visionGraph == null || processorConfig == null) {
        throw new InvalidRequestException(
            "model " + info.id() + " reads no images: its lumen-package.json has no graphs.vision");
      }
      if (vision == null) {
        vision = OrtVisionModel.open(visionGraph, processorConfig, options);
      }
      return vision;
    }
  }

  /** A new session, typed for tests in this package. */
  OrtChatSession openSession() {
    synchronized (sessions) {
      checkOpen();
      OrtChatSession session = new OrtChatSession(this, new ConversationCache(runtime.newCache()));
      sessions.add(session);
      return session;
    }
  }

  @Override
  public void close() {
    List<OrtChatSession> toClose;
    synchronized (sessions) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(sessions);
    }
    for (OrtChatSession session : toClose) {
      session.markClosed(); // stop every generation before waiting for any
    }
    for (OrtChatSession session : toClose) {
      session.close();
    }
    // Not shutdownNow: queued generations still run, find the model closed and fail their
    // handles with IllegalStateException instead of leaving them waiting forever.
    worker.shutdown();
    generationLock.lock();
    try {
      runtime.close();
      synchronized (visionLock) {
        if (vision != null) {
          vision.close();
        }
      }
    } finally {
      generationLock.unlock();
    }
    engine.modelClosed(this);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
  }

  void sessionClosed(OrtChatSession session) {
    synchronized (sessions) {
      sessions.remove(session);
    }
  }

  <T> T withGenerationLock(Supplier<T> work) {
    generationLock.lock();
    try {
      checkOpen();
      return work.get();
    } finally {
      generationLock.unlock();
    }
  }

  ExecutorService worker() {
    return worker;
  }

  PromptRenderer renderer() {
    return renderer;
  }

  Generator generator() {
    return generator;
  }

  ModelRuntime runtime() {
    return runtime;
  }

  @Override
  public GraphRunStats graphRunStats() {
    return runtime.timer();
  }
}
