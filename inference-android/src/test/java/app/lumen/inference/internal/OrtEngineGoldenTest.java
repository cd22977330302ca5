package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.SamplingParams;
import app.lumen.pkg.ModelFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The engine's logits equal testkit's independent reference decoder, run from scratch on the same
 * tokens, within {@link #TOLERANCE} for the prefill row and every decode step — on a fresh session,
 * after cache reuse, after a cancelled generation and after regenerate/edit — and greedy decoding
 * picks the reference's argmax every time.
 */
public class OrtEngineGoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static final int STEPS = 6;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private EngineFixture fixture;

  @After
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  public void qwen3vl_freshSession_greedyLogitsAndIdsMatchReference() throws Exception {
    assertFreshGenerationMatches(ModelFamily.QWEN3_VL, 3);
  }

  @Test
  public void qwen2vl_freshSession_greedyLogitsAndIdsMatchReference() throws Exception {
    assertFreshGenerationMatches(ModelFamily.QWEN2_VL, 4);
  }

  @Test
  public void qwen2_5vl_freshSession_greedyLogitsAndIdsMatchReference() throws Exception {
    assertFreshGenerationMatches(ModelFamily.QWEN2_5_VL, 5);
  }

  @Test
  public void qwen3vl_withoutDeepstackInput_runsThroughTheSameHostLogic() throws Exception {
    fixture =
        new EngineFixture(
            tmp.newFolder().toPath(),
            ModelFamily.QWEN3_VL,
            6,
            app.lumen.inference.EngineOptions.defaults(),
            false);
    assertEquals(null, fixture.model.runtime().signature().deepstackInput());
    OrtChatSession session = fixture.model.openSession();
    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    List<ChatMessage> history = List.of(ChatMessage.user("Describe a sunny day, please."));
    GenerationResult result = session.generate(greedy(history), GenerationListener.NONE);
    assertMatchesReference(fixture.render(history), result, recorder);
  }

  @Test
  public void nextTurn_prefillsOnlyNewTokens_andMatchesReferenceFromScratch() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 7);
    OrtChatSession session = fixture.model.openSession();
    List<ChatMessage> history = new ArrayList<>(List.of(ChatMessage.user("What is up?")));
    GenerationResult first = session.generate(greedy(history), GenerationListener.NONE);
    history.add(ChatMessage.assistant(first.text()));
    history.add(ChatMessage.user("And then?"));

    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult second = session.generate(greedy(history), GenerationListener.NONE);

    int[] prompt = fixture.render(history);
    assertEquals(prompt.length, second.stats().promptTokens());
    assertTrue("reused " + second.stats().reusedTokens(), second.stats().reusedTokens() > 10);
    assertEquals(prompt.length, second.stats().reusedTokens() + second.stats().prefilledTokens());
    assertMatchesReference(prompt, second, recorder);
  }

  @Test
  public void afterCancel_nextGenerationMatchesReference() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 8);
    OrtChatSession session = fixture.model.openSession();
    List<ChatMessage> history = List.of(ChatMessage.user("Tell me a story"));
    GenerationResult cancelled =
        session.generate(greedy(history), EngineFixture.cancelAfter(session, 2));
    assertEquals(FinishReason.CANCELLED, cancelled.finishReason());
    assertEquals(2, cancelled.tokenIds().size());

    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult again = session.generate(greedy(history), GenerationListener.NONE);
    int[] prompt = fixture.render(history);
    assertEquals(prompt.length - 1, again.stats().reusedTokens());
    assertMatchesReference(prompt, again, recorder);
    assertEquals(cancelled.tokenIds(), again.tokenIds().subList(0, 2));
  }

  @Test
  public void cancelDuringPrefill_leavesSessionReusable() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 12);
    OrtChatSession session = fixture.model.openSession();
    // Longer than one prefill chunk, so the prompt is run in several pieces.
    List<ChatMessage> history = List.of(ChatMessage.user("tell me more ".repeat(60)));
    assertTrue(fixture.render(history).length > Generator.PREFILL_CHUNK);
    GenerationResult cancelled =
        session.generate(
            greedy(history),
            new GenerationListener() {
              @Override
              public void onPhaseStarted(app.lumen.inference.Phase phase) {
                if (phase == app.lumen.inference.Phase.PREFILL) {
                  session.cancel();
                }
              }
            });
    assertEquals(FinishReason.CANCELLED, cancelled.finishReason());
    assertEquals(0, cancelled.tokenIds().size());

    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult again = session.generate(greedy(history), GenerationListener.NONE);
    assertMatchesReference(fixture.render(history), again, recorder);
  }

  @Test
  public void regenerate_cutsTheCacheBackAndRepeatsTheGreedyAnswer() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 9);
    OrtChatSession session = fixture.model.openSession();
    List<ChatMessage> history = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));
    GenerationResult first = session.generate(greedy(history), GenerationListener.NONE);
    assertEquals(
        fixture.render(history).length + first.tokenIds().size() - 1, session.cachedTokens());

    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult again = session.generate(greedy(history), GenerationListener.NONE);

    int[] prompt = fixture.render(history);
    assertEquals(prompt.length - 1, again.stats().reusedTokens());
    assertEquals(1, again.stats().prefilledTokens());
    assertEquals(first.tokenIds(), again.tokenIds());
    assertMatchesReference(prompt, again, recorder);
  }

  @Test
  public void edit_ofAnEarlierMessage_reusesOnlyTheTokensBeforeTheEdit() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 10);
    OrtChatSession session = fixture.model.openSession();
    List<ChatMessage> original =
        List.of(ChatMessage.system("Be brief."), ChatMessage.user("abc abc abc"));
    session.generate(greedy(original), GenerationListener.NONE);
    List<ChatMessage> edited =
        List.of(ChatMessage.system("Be brief."), ChatMessage.user("abc xyz"));

    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult result = session.generate(greedy(edited), GenerationListener.NONE);

    int[] before = fixture.render(original);
    int[] after = fixture.render(edited);
    int common = 0;
    while (before[common] == after[common]) {
      common++;
    }
    assertEquals(common, result.stats().reusedTokens());
    assertMatchesReference(after, result, recorder);
  }

  @Test
  public void restore_thenAsk_prefillsOnlyTheQuestion() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 11);
    OrtChatSession session = fixture.model.openSession();
    List<ChatMessage> history =
        new ArrayList<>(List.of(ChatMessage.user("one"), ChatMessage.assistant("two")));
    int cached = session.restore(history, app.lumen.inference.PhaseListener.NONE);
    assertEquals(fixture.model.renderer().render(history, false, false).length(), cached);
    history.add(ChatMessage.user("three"));

    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult result = session.generate(greedy(history), GenerationListener.NONE);
    assertEquals(cached, result.stats().reusedTokens());
    assertMatchesReference(fixture.render(history), result, recorder);
  }

  private void assertFreshGenerationMatches(ModelFamily family, long seed) throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), family, seed);
    OrtChatSession session = fixture.model.openSession();
    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    List<ChatMessage> history = List.of(ChatMessage.user("Describe a sunny day, please."));
    GenerationResult result = session.generate(greedy(history), GenerationListener.NONE);
    int[] prompt = fixture.render(history);
    assertEquals(0, result.stats().reusedTokens());
    assertEquals(prompt.length, result.stats().prefilledTokens());
    assertMatchesReference(prompt, result, recorder);
    // The decode rows checked above came through the pinned logits buffer.
    assertTrue(fixture.model.runtime().pinsDecodeLogits());
  }

  static GenerationRequest greedy(List<ChatMessage> history) {
    return GenerationRequest.builder(history)
        .sampling(SamplingParams.GREEDY)
        .maxNewTokens(STEPS)
        .build();
  }

  /**
   * Checks each recorded row against the reference on prompt + the tokens generated before it, and
   * that greedy decoding chose the reference's argmax.
   */
  private void assertMatchesReference(
      int[] prompt, GenerationResult result, EngineFixture.Recorder recorder) {
    assertTrue(recorder.rows.size() >= 1);
    List<Integer> ids = result.tokenIds();
    for (int step = 0; step < recorder.rows.size(); step++) {
      int[] sequence = new int[prompt.length + step];
      System.arraycopy(prompt, 0, sequence, 0, prompt.length);
      for (int i = 0; i < step; i++) {
        sequence[prompt.length + i] = ids.get(i);
      }
      assertEquals(sequence.length - 1, (int) recorder.positions.get(step));
      double[] expected = fixture.reference.lastLogits(sequence, List.of());
      float[] actual = recorder.rows.get(step);
      assertEquals(expected.length, actual.length);
      for (int v = 0; v < expected.length; v++) {
        if (Math.abs(expected[v] - actual[v]) > TOLERANCE) {
          throw new AssertionError(
              "step "
                  + step
                  + " logit "
                  + v
                  + ": expected "
                  + expected[v]
                  + " but was "
                  + actual[v]);
        }
      }
      if (step < ids.size()) {
        assertEquals("greedy id at step " + step, argmax(expected), (int) ids.get(step));
      }
    }
  }

  static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
