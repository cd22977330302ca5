package app.lumen.inference.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationHandle;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.ProviderChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.After;
import org.junit.Test;

public class FakeInferenceEngineTest {
  private final FakeInferenceEngine engine = new FakeInferenceEngine();

  @After
  public void closeEngine() {
    engine.close();
  }

  @Test
  public void vision_isOpenedOnFirstUse_andClosedWithItsModel() {
    LoadedModel model = engine.load(Path.of("pkg"));
    assertEquals(0, engine.openVisionModels());
    app.lumen.inference.vision.VisionModel vision = model.vision();
    assertSame(vision, model.vision());
    ImageInput input =
        vision.image(
            new app.lumen.vision.RgbImage(64, 48, new byte[64 * 48 * 3]),
            (app.lumen.vision.TokenBudget) null);
    assertEquals("fake", ((FakeImageInput) input).modelId());
    assertEquals(input.tokenCount(), input.embeddings(8).tokenCount());
    assertEquals(1, engine.openVisionModels());
    model.close();
    assertEquals(0, engine.openVisionModels());
    assertThrows(IllegalStateException.class, () -> input.embeddings(8));
    assertThrows(IllegalStateException.class, model::vision);
  }

  @Test
  public void vision_ofAModelThatReadsNoImages_isAnInvalidRequest() {
    engine.setModelInfo(new app.lumen.inference.ModelInfo("text", "qwen3", "Text", 4096, false));
    LoadedModel model = engine.load(Path.of("pkg"));
    assertThrows(app.lumen.inference.InvalidRequestException.class, model::vision);
    assertEquals(0, engine.openVisionModels());
  }

  @Test
  public void generate_streamsScriptedTokensAndReportsThemInTheResult() {
    engine.enqueue(FakeScript.builder().thinking("hmm").token("Hel").token("lo").build());
    Recorder recorder = new Recorder();
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      GenerationResult result =
          model.newSession().generate(GenerationRequest.of("Hi there"), recorder);

      assertEquals(List.of("hmm:true", "Hel:false", "lo:false"), recorder.tokens);
      assertEquals("Hello", result.text());
      assertEquals("hmm", result.thinking());
      assertEquals(List.of(1000, 1001, 1002), result.tokenIds());
      assertEquals(FinishReason.STOP_TOKEN, result.finishReason());
      assertSame(result, recorder.finished);
      assertEquals(List.of("PREFILL+", "PREFILL", "DECODE+", "DECODE"), recorder.phases);
    }
  }

  @Test
  public void providerChoice_isReportedByTheModelAndCarriedByEveryResult() {
    try (LoadedModel plain = engine.load(Path.of("pkg"))) {
      assertEquals(ProviderChoice.asRequested(ExecutionProvider.CPU), plain.providerChoice());
    }
    ProviderChoice fallback =
        ProviderChoice.fallback(ExecutionProvider.NNAPI, ExecutionProvider.CPU, "no driver");
    engine.setProviderChoice(fallback);
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      assertEquals(fallback, model.providerChoice());
      assertEquals(ExecutionProvider.CPU, model.provider());
      GenerationResult result =
          model.newSession().generate(GenerationRequest.of("x"), GenerationListener.NONE);
      assertEquals("cpu", result.stats().provider());
      assertEquals("no driver", result.stats().providerFallback());
    }
  }

  @Test
  public void generate_withoutThinkingChunks_reportsNullThinking() {
    engine.enqueue(FakeScript.answer("a", "b"));
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      GenerationResult result =
          model.newSession().generate(GenerationRequest.of("x"), GenerationListener.NONE);
      assertNull(result.thinking());
    }
  }

  @Test
  public void scripts_playInQueueOrderThenTheDefault() {
    engine.enqueue(FakeScript.answer("one")).enqueue(FakeScript.answer("two"));
    engine.setDefaultScript(FakeScript.answer("default"));
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        texts.add(session.generate(GenerationRequest.of("q" + i), GenerationListener.NONE).text());
      }
      assertEquals(List.of("one", "two", "default"), texts);
      assertEquals(3, engine.requests().size());
      assertEquals("q2", engine.requests().get(2).messages().get(0).text());
    }
  }

  @Test
  public void scriptedFinishReason_isReported() {
    engine.enqueue(FakeScript.builder().token("x").finish(FinishReason.MAX_TOKENS).build());
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      assertEquals(
          FinishReason.MAX_TOKENS,
          model
              .newSession()
              .generate(GenerationRequest.of("x"), GenerationListener.NONE)
              .finishReason());
    }
  }

  @Test
  public void scriptedFailure_afterTwoTokens_reportsPartialResultAndKeepsSessionUsable() {
    engine.enqueue(
        FakeScript.builder().token("a").token("b").token("c").failAfter(2, "boom").build());
    Recorder recorder = new Recorder();
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      GenerationException error =
          assertThrows(
              GenerationException.class,
              () -> session.generate(GenerationRequest.of("x"), recorder));

      assertEquals("boom", error.getMessage());
      assertEquals("ab", error.partialResult().text());
      assertEquals(FinishReason.ERROR, error.partialResult().finishReason());
      assertSame(error, recorder.failed);
      assertNull(recorder.finished);
      assertEquals(
          FinishReason.STOP_TOKEN,
          session.generate(GenerationRequest.of("again"), GenerationListener.NONE).finishReason());
    }
  }

  @Test
  public void asyncGeneration_onAScheduler_waitsForItsClock_andTimesOnIt() throws Exception {
    ManualScheduler clock = new ManualScheduler();
    FakeInferenceEngine virtual = new FakeInferenceEngine(clock);
    virtual.enqueue(
        FakeScript.builder().prefillMillis(100).tokenDelayMillis(50).token("a").token("b").build());
    Recorder recorder = new Recorder();
    try (LoadedModel model = virtual.load(Path.of("pkg"))) {
      GenerationHandle handle =
          model.newSession().generateAsync(GenerationRequest.of("x"), recorder);
      clock.advanceBy(149);
      assertEquals(List.of("PREFILL+", "PREFILL", "DECODE+"), recorder.phases);
      assertTrue(recorder.tokens.isEmpty());
      clock.advanceBy(1);
      assertEquals(List.of("a:false"), recorder.tokens);
      assertFalse(handle.isDone());
      clock.advanceBy(50);

      GenerationResult result = handle.await();
      assertEquals("ab", result.text());
      assertEquals(150.0, result.stats().ttftMillis(), 0);
      assertSame(result, recorder.finished);
    }
  }

  @Test
  public void cancel_duringAsyncTokenDelay_endsItAtOnce_andSessionIsReusable() throws Exception {
    ManualScheduler clock = new ManualScheduler();
    FakeInferenceEngine virtual = new FakeInferenceEngine(clock);
    virtual.enqueue(
        FakeScript.builder().token("a").token("b").token("c").tokenDelayMillis(200).build());
    Recorder recorder = new Recorder();
    try (LoadedModel model = virtual.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      GenerationHandle handle = session.generateAsync(GenerationRequest.of("x"), recorder);
      clock.advanceBy(250);
      assertEquals(List.of("a:false"), recorder.tokens);

      handle.cancel();
      clock.advanceBy(0);

      assertTrue(handle.isDone());
      GenerationResult result = handle.await();
      assertEquals(FinishReason.CANCELLED, result.finishReason());
      assertEquals("a", result.text());
      assertEquals(FinishReason.CANCELLED, recorder.finished.finishReason());
      clock.runAll();
      assertEquals("no delay left behind", 250, clock.nowMillis());
      virtual.enqueue(FakeScript.answer("next"));
      assertEquals(
          "next", session.generate(GenerationRequest.of("y"), GenerationListener.NONE).text());
    }
  }

  @Test
  public void cancel_fromTheListener_stopsABlockingGenerationBeforeTheNextToken() {
    engine.enqueue(FakeScript.answer("a", "b", "c"));
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      Recorder recorder =
          new Recorder() {
            @Override
            public void onToken(int tokenId, String textDelta, boolean thinking) {
              super.onToken(tokenId, textDelta, thinking);
              session.cancel();
            }
          };
      GenerationResult result = session.generate(GenerationRequest.of("x"), recorder);

      assertEquals(FinishReason.CANCELLED, result.finishReason());
      assertEquals(List.of("a:false"), recorder.tokens);
    }
  }

  @Test
  public void asyncListenerCalls_comeFromTheWorkerThread() throws Exception {
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      model
          .newSession()
          .generateAsync(
              GenerationRequest.of("x"),
              new GenerationListener() {
                @Override
                public void onToken(int tokenId, String textDelta, boolean thinking) {
                  threads.add(Thread.currentThread().getName());
                }
              })
          .await();
    }
    assertTrue(threads.size() > 0);
    assertTrue(threads.stream().allMatch(name -> name.equals("fake-generate")));
  }

  @Test
  public void cancel_endsARealTimeDelayAtOnce() throws Exception {
    // Ten minutes of prefill: the await below returns only because the cancel cuts it short.
    engine.enqueue(FakeScript.builder().prefillMillis(600_000).token("never").build());
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      GenerationHandle handle =
          model.newSession().generateAsync(GenerationRequest.of("x"), GenerationListener.NONE);
      handle.cancel();

      GenerationResult result = handle.await();
      assertEquals(FinishReason.CANCELLED, result.finishReason());
      assertEquals("", result.text());
    }
  }

  @Test
  public void secondGeneration_whileOneRuns_isRejected() throws Exception {
    ManualScheduler clock = new ManualScheduler();
    FakeInferenceEngine virtual = new FakeInferenceEngine(clock);
    virtual.enqueue(FakeScript.builder().token("a").tokenDelayMillis(300).build());
    try (LoadedModel model = virtual.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      GenerationHandle handle =
          session.generateAsync(GenerationRequest.of("x"), GenerationListener.NONE);
      assertThrows(
          IllegalStateException.class,
          () -> session.generate(GenerationRequest.of("y"), GenerationListener.NONE));
      handle.cancel();
      clock.runAll();
      assertEquals(FinishReason.CANCELLED, handle.await().finishReason());
    }
  }

  @Test
  public void closingTheModel_endsARunningGenerationAsCancelled() throws Exception {
    ManualScheduler clock = new ManualScheduler();
    FakeInferenceEngine virtual = new FakeInferenceEngine(clock);
    virtual.enqueue(FakeScript.builder().prefillMillis(10_000).token("never").build());
    Recorder recorder = new Recorder();
    LoadedModel model = virtual.load(Path.of("pkg"));
    GenerationHandle handle = model.newSession().generateAsync(GenerationRequest.of("x"), recorder);
    clock.advanceBy(1);

    model.close();
    clock.advanceBy(0);

    assertEquals(FinishReason.CANCELLED, handle.await().finishReason());
    assertEquals(FinishReason.CANCELLED, recorder.finished.finishReason());
  }

  @Test
  public void nextTurn_reusesTokensOfTheEarlierConversation() {
    engine.setDefaultScript(FakeScript.answer("fine thanks"));
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      List<ChatMessage> history = new ArrayList<>(List.of(ChatMessage.user("how are you")));
      GenerationResult first =
          session.generate(GenerationRequest.builder(history).build(), GenerationListener.NONE);
      history.add(ChatMessage.assistant(first.text()));
      history.add(ChatMessage.user("good"));
      GenerationResult second =
          session.generate(GenerationRequest.builder(history).build(), GenerationListener.NONE);

      assertEquals(0, first.stats().reusedTokens());
      // "how are you" (3 + 4) and "fine thanks" (2 + 4) are cached; "good" (1 + 4) is new.
      assertEquals(13, second.stats().reusedTokens());
      assertEquals(5, second.stats().prefilledTokens());
      assertEquals(18, second.stats().promptTokens());
    }
  }

  @Test
  public void newImage_reportsEncodingPhaseOnce_thenCachedImageIsNotEncodedAgain() {
    engine.setDefaultScript(FakeScript.builder().token("ok").imageEncodeMillis(5).build());
    ImageInput photo =
        new ImageInput() {
          @Override
          public String cacheKey() {
            return "photo";
          }

          @Override
          public ImageGrid grid() {
            return new ImageGrid(1, 2, 2);
          }

          @Override
          public ImageEmbeddings embeddings(int hiddenSize) {
            throw new UnsupportedOperationException("the fake never encodes");
          }
        };
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      ChatSession session = model.newSession();
      List<ChatMessage> history =
          new ArrayList<>(List.of(ChatMessage.user("what?", List.of(photo))));
      Recorder first = new Recorder();
      GenerationResult answer = session.generate(GenerationRequest.builder(history).build(), first);
      assertEquals("ENCODING_IMAGE+", first.phases.get(0));
      assertEquals(5.0, answer.stats().imageEncodeMillis(), 0);
      history.add(ChatMessage.assistant(answer.text()));
      history.add(ChatMessage.user("more"));
      Recorder second = new Recorder();
      GenerationResult next = session.generate(GenerationRequest.builder(history).build(), second);
      assertEquals("PREFILL+", second.phases.get(0));
      assertEquals(0.0, next.stats().imageEncodeMillis(), 0);
    }
  }

  @Test
  public void failNextLoad_throwsOnceThenLoads() {
    engine.failNextLoad(new ModelLoadException("config.json: missing field 'model_type'"));
    assertThrows(ModelLoadException.class, () -> engine.load(Path.of("pkg")));
    try (LoadedModel model = engine.load(Path.of("pkg"))) {
      assertEquals("fake", model.info().id());
    }
    assertEquals(List.of(Path.of("pkg"), Path.of("pkg")), engine.loadedPackages());
  }

  @Test
  public void load_reportsLoadingPhase() {
    List<String> phases = new ArrayList<>();
    engine
        .load(
            Path.of("pkg"),
            new PhaseListener() {
              @Override
              public void onPhaseStarted(Phase phase) {
                phases.add(phase + "+");
              }

              @Override
              public void onPhase(Phase phase, double millis) {
                phases.add(phase.name());
              }
            })
        .close();
    assertEquals(List.of("LOADING+", "LOADING"), phases);
  }

  @Test
  public void everything_throwsAfterClose() {
    LoadedModel model = engine.load(Path.of("pkg"));
    ChatSession session = model.newSession();
    engine.close();
    assertThrows(IllegalStateException.class, model::newSession);
    assertThrows(IllegalStateException.class, session::cachedTokens);
    assertThrows(
        IllegalStateException.class,
        () -> session.generate(GenerationRequest.of("x"), GenerationListener.NONE));
    assertThrows(IllegalStateException.class, () -> engine.load(Path.of("pkg")));
  }

  private static class Recorder implements GenerationListener {
    final List<String> tokens = new ArrayList<>();
    final List<String> phases = new ArrayList<>();
    GenerationResult finished;
    GenerationException failed;

    @Override
    public void onPhaseStarted(Phase phase) {
      phases.add(phase + "+");
    }

    @Override
    public void onPhase(Phase phase, double millis) {
      phases.add(phase.name());
    }

    @Override
    public void onToken(int tokenId, String textDelta, boolean thinking) {
      tokens.add(textDelta + ":" + thinking);
    }

    @Override
    public void onFinished(GenerationResult result) {
      finished = result;
    }

    @Override
    public void onFailed(GenerationException error) {
      failed = error;
    }
  }
}
