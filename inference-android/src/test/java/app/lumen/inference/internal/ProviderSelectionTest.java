package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.NNAPIFlags;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.NnapiFlag;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.ProviderChoice;
import app.lumen.inference.SamplingParams;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Which provider runs a model, and why not the one requested: a provider that registers but cannot
 * compile a graph (simulated by {@link PretendProvider}) moves the model to CPU with the reason.
 */
public class ProviderSelectionTest {
  private static final String DECODER = "decoder_model_merged.onnx";
  private static final String EMBED = "embed_tokens.onnx";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private Path dir;

  @Before
  public void generatePackage() throws Exception {
    dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 5, ModelFamily.QWEN3_VL);
  }

  @Test
  public void providerThatCannotCompileTheDecoder_retriesOnCpu_andSaysWhyEverywhere()
      throws Exception {
    PretendProvider sessions = new PretendProvider(DECODER);
    try (OrtInferenceEngine engine = engine(ExecutionProvider.NNAPI, sessions)) {
      OrtLoadedModel model = engine.loadModel(dir, PhaseListener.NONE);

      ProviderChoice choice = model.providerChoice();
      assertEquals(ExecutionProvider.NNAPI, choice.requested());
      assertEquals(ExecutionProvider.CPU, choice.used());
      assertEquals(ExecutionProvider.CPU, model.provider());
      assertEquals(
          "nnapi could not compile " + DECODER + ": NNAPI rejected SimplifiedLayerNormalization",
          choice.fallbackReason());
      assertEquals(List.of("nnapi:" + DECODER, "cpu:" + DECODER, "cpu:" + EMBED), sessions.opened);

      GenerationResult result = greedy(model);
      assertEquals("cpu", result.stats().provider());
      assertEquals(choice.fallbackReason(), result.stats().providerFallback());
      assertEquals(greedyOnCpu().tokenIds(), result.tokenIds());
    }
  }

  @Test
  public void compileFailureOfALaterGraph_movesEveryGraphToCpu() throws Exception {
    PretendProvider sessions = new PretendProvider(EMBED);
    try (OrtInferenceEngine engine = engine(ExecutionProvider.XNNPACK, sessions)) {
      OrtLoadedModel model = engine.loadModel(dir, PhaseListener.NONE);

      assertEquals(ExecutionProvider.CPU, model.provider());
      assertTrue(
          model.providerChoice().fallbackReason(),
          model.providerChoice().fallbackReason().startsWith("xnnpack could not compile " + EMBED));
      assertEquals(
          List.of("xnnpack:" + DECODER, "xnnpack:" + EMBED, "cpu:" + DECODER, "cpu:" + EMBED),
          sessions.opened);
    }
  }

  @Test
  public void providerThatRegistersAndCompiles_runsAsRequested() throws Exception {
    PretendProvider sessions = new PretendProvider(null);
    try (OrtInferenceEngine engine = engine(ExecutionProvider.XNNPACK, sessions)) {
      OrtLoadedModel model = engine.loadModel(dir, PhaseListener.NONE);

      assertEquals(ProviderChoice.asRequested(ExecutionProvider.XNNPACK), model.providerChoice());
      assertFalse(model.providerChoice().fellBack());
      GenerationResult result = greedy(model);
      assertEquals("xnnpack", result.stats().provider());
      assertNull(result.stats().providerFallback());
    }
  }

  @Test
  public void nnapiFlags_reachTheProviderAsOnnxRuntimeFlagsOfTheSameName() throws Exception {
    PretendProvider sessions = new PretendProvider(null);
    EngineOptions options =
        EngineOptions.builder()
            .provider(ExecutionProvider.NNAPI)
            .nnapiFlags(EnumSet.of(NnapiFlag.USE_FP16, NnapiFlag.CPU_DISABLED))
            .build();
    try (OrtInferenceEngine engine = new OrtInferenceEngine(options, sessions)) {
      engine.loadModel(dir, PhaseListener.NONE);
    }
    assertEquals(EnumSet.of(NnapiFlag.USE_FP16, NnapiFlag.CPU_DISABLED), sessions.nnapiFlags);
    for (NnapiFlag flag : NnapiFlag.values()) {
      assertEquals(
          EnumSet.of(NNAPIFlags.valueOf(flag.name())),
          ProviderSelection.nnapiFlags(
              EngineOptions.builder().nnapiFlags(EnumSet.of(flag)).build()));
    }
  }

  @Test
  public void cpuThatCannotCreateASession_failsTheLoadWithoutAFallback() throws Exception {
    PretendProvider sessions = new PretendProvider(null);
    sessions.cpuFailure = DECODER;
    try (OrtInferenceEngine engine = engine(ExecutionProvider.CPU, sessions)) {
      ModelLoadException e =
          assertThrows(ModelLoadException.class, () -> engine.loadModel(dir, PhaseListener.NONE));
      assertTrue(e.getMessage(), e.getMessage().endsWith(": not a loadable ONNX model: cpu broke"));
    }
  }

  @Test
  public void providerChoice_hasAReasonExactlyWhenItFellBack() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ProviderChoice(ExecutionProvider.NNAPI, ExecutionProvider.CPU, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ProviderChoice(ExecutionProvider.CPU, ExecutionProvider.CPU, "why"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ProviderChoice.fallback(ExecutionProvider.NNAPI, ExecutionProvider.CPU, " "));
    assertTrue(
        ProviderChoice.fallback(ExecutionProvider.NNAPI, ExecutionProvider.CPU, "x").fellBack());
  }

  @Test
  public void engineOptions_keepTheirOwnCopyOfTheNnapiFlags() {
    EnumSet<NnapiFlag> flags = EnumSet.of(NnapiFlag.USE_FP16);
    EngineOptions options = EngineOptions.builder().nnapiFlags(flags).build();
    flags.add(NnapiFlag.CPU_ONLY);
    assertEquals(EnumSet.of(NnapiFlag.USE_FP16), options.nnapiFlags());
    assertThrows(
        UnsupportedOperationException.class, () -> options.nnapiFlags().add(NnapiFlag.USE_NCHW));
    assertEquals(options, options.toBuilder().build());
    assertEquals(Collections.emptySet(), EngineOptions.defaults().nnapiFlags());
  }

  private static OrtInferenceEngine engine(
      ExecutionProvider provider, ProviderSelection.SessionFactory sessions) {
    return new OrtInferenceEngine(EngineOptions.builder().provider(provider).build(), sessions);
  }

  private GenerationResult greedyOnCpu() {
    try (OrtInferenceEngine engine = new OrtInferenceEngine(EngineOptions.defaults())) {
      return greedy(engine.loadModel(dir, PhaseListener.NONE));
    }
  }

  private static GenerationResult greedy(OrtLoadedModel model) {
    return model
        .newSession()
        .generate(
            GenerationRequest.builder(GenerationRequest.of("hello").messages())
                .sampling(SamplingParams.GREEDY)
                .maxNewTokens(6)
                .build(),
            GenerationListener.NONE);
  }

  /**
   * Registers any provider without touching the options (as a runtime that has it would), then
   * creates sessions with the real runtime, failing the named graph while the provider is on.
   */
  private static final class PretendProvider implements ProviderSelection.SessionFactory {
    private final ProviderSelection.SessionFactory real =
        ProviderSelection.onnxRuntime(OrtEnvironment.getEnvironment());
    private final String failingGraph;
    final Map<OrtSession.SessionOptions, ExecutionProvider> providerOf = new IdentityHashMap<>();
    final List<String> opened = new ArrayList<>();
    EnumSet<NnapiFlag> nnapiFlags;
    String cpuFailure;

    PretendProvider(String failingGraph) {
      this.failingGraph = failingGraph;
    }

    @Override
    public void addProvider(
        OrtSession.SessionOptions options, ExecutionProvider provider, EngineOptions engine) {
      providerOf.put(options, provider);
      nnapiFlags = EnumSet.noneOf(NnapiFlag.class);
      nnapiFlags.addAll(engine.nnapiFlags());
    }

    @Override
    public OrtSession createSession(Path graph, OrtSession.SessionOptions options)
        throws OrtException {
      ExecutionProvider provider = providerOf.getOrDefault(options, ExecutionProvider.CPU);
      String name = graph.getFileName().toString();
      opened.add(provider.id() + ":" + name);
      if (provider != ExecutionProvider.CPU && name.equals(failingGraph)) {
        throw new OrtException("NNAPI rejected SimplifiedLayerNormalization");
      }
      if (provider == ExecutionProvider.CPU && name.equals(cpuFailure)) {
        throw new OrtException("cpu broke");
      }
      return real.createSession(graph, options);
    }
  }
}
