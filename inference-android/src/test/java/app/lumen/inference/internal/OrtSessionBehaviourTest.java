package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.ExecutionProvider;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationHandle;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.SamplingParams;
import app.lumen.pkg.ModelFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Lifecycle, threading, fallback and limits of the ONNX Runtime engine on a tiny package. */
public class OrtSessionBehaviourTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private EngineFixture fixture;

  @After
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  public void xnnpackAndNnapi_onTheDesktopJar_fallBackToCpuAndStillGenerate() throws Exception {
    for (ExecutionProvider wanted : List.of(ExecutionProvider.XNNPACK, ExecutionProvider.NNAPI)) {
      Path dir = tmp.newFolder().toPath();
      try (EngineFixture f =
          new EngineFixture(
              dir, ModelFamily.QWEN3_VL, 1, EngineOptions.builder().provider(wanted).build())) {
        assertEquals(ExecutionProvider.CPU, f.model.provider());
        String reason = f.model.providerChoice().fallbackReason();
        assertEquals(wanted, f.model.providerChoice().requested());
        assertTrue(reason, reason.startsWith(wanted.id() + " is not available"));
        GenerationResult result =
            f.model.newSession().generate(GenerationRequest.of("hi"), GenerationListener.NONE);
        assertEquals("cpu", result.stats().provider());
        assertEquals(reason, result.stats().providerFallback());
      }
    }
  }

  @Test
  public void textHeldBackForAStopString_isStreamedWithTheLastToken() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 16);
    String plain =
        fixture.model.newSession().generate(request(8, null), GenerationListener.NONE).text();
    assertTrue(plain, plain.length() > 0);
    // A stop string starting with the answer's last character holds that character back.
    String stop = plain.substring(plain.length() - 1) + "\u0001never";
    StringBuilder streamed = new StringBuilder();
    GenerationResult result =
        fixture
            .model
            .newSession()
            .generate(
                request(8, null).toBuilder().stopStrings(List.of(stop)).build(),
                new GenerationListener() {
                  @Override
                  public void onToken(int tokenId, String textDelta, boolean thinking) {
                    streamed.append(textDelta);
                  }
                });
    assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
    assertEquals(plain, result.text());
    assertEquals(plain, streamed.toString());
  }

  @Test
  public void sameSeed_sameTokens_otherSeed_otherTokens() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 2);
    List<Integer> a = sample(1L);
    List<Integer> b = sample(1L);
    List<Integer> c = sample(2L);
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  public void asyncCancel_fromAnotherThread_endsCancelledAndSessionIsReusable() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 3);
    ChatSession session = fixture.model.newSession();
    CountDownLatch firstToken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<GenerationResult> finished = new AtomicReference<>();
    GenerationHandle handle =
        session.generateAsync(
            request(200, null),
            new GenerationListener() {
              @Override
              public void onToken(int tokenId, String textDelta, boolean thinking) {
                firstToken.countDown();
                await(release);
              }

              @Override
              public void onFinished(GenerationResult result) {
                finished.set(result);
              }
            });
    firstToken.await();
    handle.cancel();
    release.countDown();
    GenerationResult result = handle.await();
    assertEquals(FinishReason.CANCELLED, result.finishReason());
    assertEquals(1, result.tokenIds().size());
    assertEquals(result, finished.get());
    assertEquals(
        FinishReason.MAX_TOKENS,
        session.generate(request(3, null), GenerationListener.NONE).finishReason());
  }

  @Test
  public void sessionClose_returnsOnlyAfterTheListenerHeardTheEnd() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 3);
    OrtChatSession session = fixture.model.openSession();
    assertEquals(List.of("onFinished", "close returned"), closeWhileStreaming(session, session));
  }

  @Test
  public void modelClose_returnsOnlyAfterEverySessionsListenerHeardTheEnd() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 3);
    OrtChatSession session = fixture.model.openSession();
    assertEquals(
        List.of("onFinished", "close returned"), closeWhileStreaming(session, fixture.model));
  }

  @Test
  public void closeFromTheFinalCallback_doesNotWaitForItself() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 3);
    ChatSession session = fixture.model.newSession();
    GenerationResult result =
        session.generate(
            request(2, null),
            new GenerationListener() {
              @Override
              public void onFinished(GenerationResult result) {
                session.close();
              }
            });
    assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
    assertThrows(IllegalStateException.class, session::cachedTokens);
  }

  @Test
  public void closingASessionQueuedBehindTheListenersOwnGeneration_doesNotDeadlock()
      throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 3);
    ChatSession first = fixture.model.newSession();
    ChatSession second = fixture.model.newSession();
    CountDownLatch secondQueued = new CountDownLatch(1);
    AtomicReference<GenerationException> secondFailed = new AtomicReference<>();
    GenerationHandle running =
        first.generateAsync(
            request(3, null),
            new GenerationListener() {
              @Override
              public void onToken(int tokenId, String textDelta, boolean thinking) {
                awaitForever(secondQueued);
                second.close(); // on the worker, with the second's generation queued behind us
              }
            });
    GenerationHandle queued =
        second.generateAsync(
            request(3, null),
            new GenerationListener() {
              @Override
              public void onFailed(GenerationException e) {
                secondFailed.set(e);
              }
            });
    secondQueued.countDown();
    assertEquals(FinishReason.MAX_TOKENS, running.await().finishReason());
    assertThrows(RuntimeException.class, queued::await);
    assertTrue(secondFailed.get().getMessage(), secondFailed.get().getMessage().contains("closed"));
  }

  /**
   * Closes {@code closeable} from another thread while {@code session} streams, and returns the
   * order in which the final callback ended and close() returned. The final callback waits until
   * close() either blocks for it or has returned, so a close() that does not wait is caught every
   * time, whatever the scheduling.
   */
  private static List<String> closeWhileStreaming(OrtChatSession session, AutoCloseable closeable)
      throws Exception {
    List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    CountDownLatch streaming = new CountDownLatch(1);
    CountDownLatch closeWaitsOrReturned = new CountDownLatch(1);
    session.awaitingEnd = closeWaitsOrReturned::countDown;
    GenerationHandle handle =
        session.generateAsync(
            request(200, null),
            new GenerationListener() {
              @Override
              public void onToken(int tokenId, String textDelta, boolean thinking) {
                streaming.countDown();
              }

              @Override
              public void onFinished(GenerationResult result) {
                awaitForever(closeWaitsOrReturned);
                order.add("onFinished");
              }
            });
    streaming.await();
    Thread closer =
        new Thread(
            () -> {
              try {
                closeable.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              order.add("close returned");
              closeWaitsOrReturned.countDown();
            });
    closer.start();
    closer.join();
    handle.await();
    return new java.util.ArrayList<>(order);
  }

  private static void awaitForever(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  public void twoSessionsGeneratingAtOnce_eachGetTheirOwnAnswer() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 17);
    GenerationRequest first =
        GenerationRequest.builder(List.of(ChatMessage.user("first question")))
            .sampling(SamplingParams.GREEDY)
            .maxNewTokens(10)
            .build();
    GenerationRequest second =
        GenerationRequest.builder(List.of(ChatMessage.user("a different one")))
            .sampling(SamplingParams.GREEDY)
            .maxNewTokens(10)
            .build();
    List<Integer> alone1 =
        fixture.model.newSession().generate(first, GenerationListener.NONE).tokenIds();
    List<Integer> alone2 =
        fixture.model.newSession().generate(second, GenerationListener.NONE).tokenIds();

    ChatSession a = fixture.model.newSession();
    ChatSession b = fixture.model.newSession();
    AtomicReference<List<Integer>> fromThread = new AtomicReference<>();
    Thread other =
        new Thread(() -> fromThread.set(b.generate(second, GenerationListener.NONE).tokenIds()));
    GenerationHandle handle = a.generateAsync(first, GenerationListener.NONE);
    other.start();
    List<Integer> together1 = handle.await().tokenIds();
    other.join();
    assertEquals(alone1, together1);
    assertEquals(alone2, fromThread.get());
  }

  @Test
  public void secondGenerationWhileOneRuns_isRejected() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 4);
    ChatSession session = fixture.model.newSession();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GenerationHandle handle =
        session.generateAsync(
            request(2, null),
            new GenerationListener() {
              @Override
              public void onToken(int tokenId, String textDelta, boolean thinking) {
                inside.countDown();
                await(release);
              }
            });
    inside.await();
    assertThrows(
        IllegalStateException.class,
        () -> session.generate(request(2, null), GenerationListener.NONE));
    release.countDown();
    assertEquals(FinishReason.MAX_TOKENS, handle.await().finishReason());
  }

  @Test
  public void contextLimit_dropsOldTurns_thenReportsContextFull() throws Exception {
    fixture =
        new EngineFixture(
            tmp.newFolder().toPath(),
            ModelFamily.QWEN3_VL,
            5,
            EngineOptions.builder().maxContextTokens(48).build());
    ChatSession session = fixture.model.newSession();
    List<ChatMessage> long1 =
        List.of(
            ChatMessage.system("sys"),
            ChatMessage.user("a fairly long first question here"),
            ChatMessage.assistant("a fairly long first answer here"),
            ChatMessage.user("short"));
    GenerationResult fitted =
        session.generate(
            GenerationRequest.builder(long1)
                .sampling(SamplingParams.GREEDY)
                .maxNewTokens(8)
                .build(),
            GenerationListener.NONE);
    assertTrue(fitted.stats().droppedTokens() > 0);
    assertTrue(fitted.stats().promptTokens() + 8 <= 48);

    GenerationResult full =
        session.generate(
            GenerationRequest.builder(List.of(ChatMessage.user("x ".repeat(60))))
                .maxNewTokens(8)
                .build(),
            GenerationListener.NONE);
    assertEquals(FinishReason.CONTEXT_FULL, full.finishReason());
    assertEquals(0, full.tokenIds().size());
  }

  @Test
  public void restore_ofAHistoryLongerThanTheContext_keepsOnlyTheTurnsThatFit() throws Exception {
    fixture =
        new EngineFixture(
            tmp.newFolder().toPath(),
            ModelFamily.QWEN3_VL,
            15,
            EngineOptions.builder().maxContextTokens(40).build());
    ChatSession session = fixture.model.newSession();
    List<ChatMessage> history =
        List.of(
            ChatMessage.user("first question with several words in it"),
            ChatMessage.assistant("first answer with several words in it"),
            ChatMessage.user("second"),
            ChatMessage.assistant("ok"));
    int cached = session.restore(history, app.lumen.inference.PhaseListener.NONE);
    assertTrue(cached > 0);
    assertTrue(cached < 40);
    assertEquals(
        fixture.model.renderer().render(history.subList(2, 4), false, false).length(), cached);
  }

  @Test
  public void restoreThenGenerate_reusesEverythingRestored() throws Exception {
    int context = 400;
    fixture =
        new EngineFixture(
            tmp.newFolder().toPath(),
            ModelFamily.QWEN3_VL,
            16,
            EngineOptions.builder().maxContextTokens(context).build());
    // A history that fits the context on its own but not with room for an answer as well.
    List<ChatMessage> history = new java.util.ArrayList<>(List.of(ChatMessage.system("Be brief.")));
    while (fixture.model.renderer().render(history, false, false).length() < 320) {
      history.add(ChatMessage.user("question " + history.size() + " about the weather today"));
      history.add(ChatMessage.assistant("answer " + history.size() + " it will be sunny and warm"));
    }
    assertTrue(fixture.model.renderer().render(history, false, false).length() < context - 1);
    ChatSession session = fixture.model.newSession();
    int cached = session.restore(history, app.lumen.inference.PhaseListener.NONE);

    List<ChatMessage> next = new java.util.ArrayList<>(history);
    next.add(ChatMessage.user("and tomorrow?"));
    GenerationResult result =
        session.generate(
            GenerationRequest.builder(next).sampling(SamplingParams.GREEDY).build(),
            GenerationListener.NONE);

    assertTrue(result.stats().droppedTokens() > 0);
    assertEquals(cached, result.stats().reusedTokens());
    assertEquals(result.stats().promptTokens() - cached, result.stats().prefilledTokens());
  }

  @Test
  public void generationRunningIntoTheContextLimit_endsWithContextFull() throws Exception {
    fixture =
        new EngineFixture(
            tmp.newFolder().toPath(),
            ModelFamily.QWEN3_VL,
            6,
            EngineOptions.builder().maxContextTokens(40).build());
    GenerationResult result =
        fixture
            .model
            .newSession()
            .generate(
                GenerationRequest.builder(List.of(ChatMessage.user("hello")))
                    .sampling(SamplingParams.builder().temperature(1f).seed(3L).build())
                    .maxNewTokens(200)
                    .build(),
                GenerationListener.NONE);
    // Stopping on an end token first would also be legitimate; with this seed it is not.
    assertEquals(FinishReason.CONTEXT_FULL, result.finishReason());
    assertEquals(40, result.stats().promptTokens() + result.tokenIds().size());
  }

  @Test
  public void listenerFailure_isReportedAsGenerationException_andSessionStaysUsable()
      throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 7);
    ChatSession session = fixture.model.newSession();
    AtomicReference<GenerationException> failed = new AtomicReference<>();
    GenerationException error =
        assertThrows(
            GenerationException.class,
            () ->
                session.generate(
                    request(5, null),
                    new GenerationListener() {
                      @Override
                      public void onToken(int tokenId, String textDelta, boolean thinking) {
                        throw new IllegalStateException("UI went away");
                      }

                      @Override
                      public void onFailed(GenerationException e) {
                        failed.set(e);
                      }
                    }));
    assertEquals(error, failed.get());
    assertEquals(FinishReason.ERROR, error.partialResult().finishReason());
    assertEquals(
        FinishReason.MAX_TOKENS,
        session.generate(request(3, null), GenerationListener.NONE).finishReason());
  }

  @Test
  public void nonFiniteLogits_failTheGenerationTypedWithFinishReasonError() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 9);
    ChatSession session = fixture.model.newSession();
    // Dividing any positive logit of a prompt token by the smallest float overflows to +Infinity.
    GenerationRequest request =
        GenerationRequest.builder(List.of(ChatMessage.user("Tell me something")))
            .sampling(
                SamplingParams.builder()
                    .temperature(1f)
                    .seed(1L)
                    .repetitionPenalty(Float.MIN_VALUE)
                    .build())
            .maxNewTokens(4)
            .build();
    AtomicReference<GenerationException> failed = new AtomicReference<>();
    GenerationException error =
        assertThrows(
            GenerationException.class,
            () ->
                session.generate(
                    request,
                    new GenerationListener() {
                      @Override
                      public void onFailed(GenerationException e) {
                        failed.set(e);
                      }
                    }));
    assertEquals(error, failed.get());
    assertTrue(
        error.getMessage(),
        error.getMessage().startsWith("the model produced non-finite logits at step 1 ("));
    assertTrue(error.getCause() instanceof app.lumen.inference.sampling.NonFiniteLogitsException);
    assertEquals(FinishReason.ERROR, error.partialResult().finishReason());
    assertEquals(
        FinishReason.MAX_TOKENS,
        session.generate(request(2, null), GenerationListener.NONE).finishReason());
  }

  @Test
  public void everything_throwsAfterClose() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 8);
    ChatSession session = fixture.model.newSession();
    fixture.engine.close();
    assertThrows(IllegalStateException.class, fixture.model::newSession);
    assertThrows(IllegalStateException.class, session::cachedTokens);
    assertThrows(
        IllegalStateException.class,
        () -> session.generate(request(2, null), GenerationListener.NONE));
    assertThrows(IllegalStateException.class, () -> fixture.engine.load(fixture.dir));
  }

  @Test
  public void brokenPackage_failsWithModelLoadExceptionNamingTheFile() throws Exception {
    Path dir = tmp.newFolder().toPath();
    app.lumen.testkit.TinyPackageGenerator.generate(dir, 1, ModelFamily.QWEN3_VL);
    Files.delete(dir.resolve("onnx/decoder_model_merged.onnx"));
    try (InferenceEngine engine = InferenceEngine.create()) {
      ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.load(dir));
      assertTrue(e.getMessage(), e.getMessage().contains("decoder_model_merged.onnx"));
      Files.writeString(dir.resolve("config.json"), "{ not json");
      e = assertThrows(ModelLoadException.class, () -> engine.load(dir));
      assertTrue(e.getMessage(), e.getMessage().contains("config.json"));
    }
  }

  @Test
  public void publicFactory_loadsAndGenerates() throws Exception {
    Path dir = tmp.newFolder().toPath();
    app.lumen.testkit.TinyPackageGenerator.generate(dir, 9, ModelFamily.QWEN2_VL);
    try (InferenceEngine engine = InferenceEngine.create();
        LoadedModel model = engine.load(dir)) {
      assertEquals("qwen2_vl", model.info().family());
      GenerationResult result =
          model.newSession().generate(request(4, null), GenerationListener.NONE);
      assertEquals(4, result.tokenIds().size());
    }
  }

  @Test
  public void thinkingTemplate_streamsReasoningFlaggedAsThinking() throws Exception {
    Path dir = tmp.newFolder().toPath();
    app.lumen.testkit.TinyPackageGenerator.generate(dir, 13, ModelFamily.QWEN3_VL);
    // The Thinking template's generation prompt, which is how a package declares that style.
    replaceFile(
        dir,
        "chat_template.jinja",
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n<think>\\n' }}{%- endif %}");
    try (InferenceEngine engine = InferenceEngine.create();
        LoadedModel model = engine.load(dir)) {
      StringBuilder reasoning = new StringBuilder();
      List<Boolean> flags = new java.util.ArrayList<>();
      GenerationResult result =
          model
              .newSession()
              .generate(
                  request(6, null),
                  new GenerationListener() {
                    @Override
                    public void onToken(int tokenId, String textDelta, boolean thinking) {
                      flags.add(thinking);
                      reasoning.append(textDelta);
                    }
                  });
      // Random weights never close the block: every token is reasoning, the answer is empty.
      assertEquals(List.of(true, true, true, true, true, true), flags);
      assertEquals(reasoning.toString().trim(), result.thinking());
      assertEquals("", result.text());
    }
  }

  @Test
  public void unexpectedErrorWhileLayingOutThePrompt_stillReachesOnFailed_andSessionStaysUsable()
      throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 14);
    ChatSession session = fixture.model.newSession();
    // An image input that breaks before any graph runs (while the template lays out its tokens).
    app.lumen.inference.ImageInput broken =
        new app.lumen.inference.ImageInput() {
          @Override
          public String cacheKey() {
            return "broken";
          }

          @Override
          public ImageGrid grid() {
            throw new IllegalStateException("picture vanished");
          }

          @Override
          public app.lumen.inference.ImageEmbeddings embeddings(int hiddenSize) {
            throw new AssertionError("never encoded");
          }
        };
    GenerationRequest request =
        GenerationRequest.builder(
                List.of(
                    new ChatMessage(
                        app.lumen.inference.Role.USER,
                        List.of(app.lumen.inference.ContentPart.image(broken)))))
            .build();
    AtomicReference<GenerationException> failed = new AtomicReference<>();
    GenerationListener listener =
        new GenerationListener() {
          @Override
          public void onFailed(GenerationException e) {
            failed.set(e);
          }
        };
    assertThrows(IllegalStateException.class, () -> session.generate(request, listener));
    assertEquals(FinishReason.ERROR, failed.get().partialResult().finishReason());
    assertTrue(failed.get().getCause() instanceof IllegalStateException);
    assertEquals(
        FinishReason.MAX_TOKENS,
        session.generate(request(2, null), GenerationListener.NONE).finishReason());
  }

  @Test
  public void invalidRequest_failsTypedThroughListenerAndHandle_andSessionStaysUsable()
      throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 14);
    ChatSession session = fixture.model.newSession();
    // The chat template refuses an image in an assistant turn.
    ChatMessage bad =
        new ChatMessage(
            app.lumen.inference.Role.ASSISTANT,
            List.of(
                app.lumen.inference.ContentPart.image(
                    new OrtEngineImageGoldenTest.RandomImage("x", 1, 2, 64, 2, 1))));
    GenerationRequest request =
        GenerationRequest.builder(List.of(ChatMessage.user("hi"), bad, ChatMessage.user("?")))
            .build();
    AtomicReference<GenerationException> failed = new AtomicReference<>();
    GenerationListener listener =
        new GenerationListener() {
          @Override
          public void onFailed(GenerationException e) {
            failed.set(e);
          }
        };
    assertThrows(
        app.lumen.inference.InvalidRequestException.class,
        () -> session.generate(request, listener));
    assertTrue(failed.get() instanceof app.lumen.inference.InvalidRequestException);
    GenerationHandle handle = session.generateAsync(request, listener);
    assertThrows(app.lumen.inference.InvalidRequestException.class, handle::await);
    assertEquals(
        FinishReason.MAX_TOKENS,
        session.generate(request(2, null), GenerationListener.NONE).finishReason());
  }

  /** Rewrites a package file and its manifest entry (size and SHA-256). */
  private static void replaceFile(Path dir, String path, String content) throws Exception {
    Files.writeString(dir.resolve(path), content);
    app.lumen.pkg.PackageManifest old = app.lumen.pkg.PackageManifest.read(dir);
    app.lumen.pkg.PackageManifest.Builder builder =
        app.lumen.pkg.PackageManifest.builder(old.id(), old.family())
            .displayName(old.displayName())
            .minRamMb(old.minRamMb())
            .license(old.license());
    old.graphs().forEach(builder::graph);
    for (app.lumen.pkg.PackageFile file : old.files()) {
      builder.file(
          file.path().equals(path)
              ? app.lumen.pkg.PackageFile.withSha256(
                  path,
                  Files.size(dir.resolve(path)),
                  app.lumen.pkg.FileDigests.sha256(dir.resolve(path)))
              : file);
    }
    builder.build().writeTo(dir);
  }

  private List<Integer> sample(Long seed) {
    return fixture
        .model
        .newSession()
        .generate(request(12, seed), GenerationListener.NONE)
        .tokenIds();
  }

  private static GenerationRequest request(int maxTokens, Long seed) {
    SamplingParams sampling =
        seed == null
            ? SamplingParams.GREEDY
            : SamplingParams.builder().temperature(1.5f).seed(seed).build();
    return GenerationRequest.builder(List.of(ChatMessage.user("Tell me something")))
        .sampling(sampling)
        .maxNewTokens(maxTokens)
        .build();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
