package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Text-only Qwen3 against Hugging Face: a package built with transformers' {@code Qwen3ForCausalLM}
 * and exported in the onnx-community layout (one graph fed {@code input_ids}, 2-D positions, every
 * layer attending) gives, through the engine, the prompts HF's {@code apply_chat_template} renders
 * and the logits HF computes from scratch — on fresh sessions and after reuse, regenerate, edit,
 * restore and cancel.
 */
public class HfQwen3GoldenTest {
  private static HfGoldens goldens;
  private static OrtInferenceEngine engine;
  private static OrtLoadedModel model;

  @BeforeClass
  public static void load() throws Exception {
    goldens = HfGoldens.load("qwen3");
    engine = new OrtInferenceEngine(EngineOptions.defaults());
    model = engine.loadModel(goldens.packageDir, PhaseListener.NONE);
  }

  @AfterClass
  public static void close() {
    engine.close();
  }

  @Test
  public void prompts_renderAsHuggingFaceRendersThem() {
    for (HfGoldens.Case golden : goldens.cases()) {
      assertArrayEquals(
          golden.name(),
          golden.promptIds(),
          model.renderer().render(golden.messages(), true, golden.think()).ids());
    }
  }

  @Test
  public void freshSessions_matchHuggingFaceLogitsAndGreedyIds() {
    for (HfGoldens.Case golden : goldens.cases()) {
      OrtChatSession session = model.openSession();
      EngineFixture.Recorder recorder = observe(session);
      GenerationResult result = session.generate(golden.greedy(), GenerationListener.NONE);
      assertEquals(golden.promptIds().length, result.stats().prefilledTokens());
      HfGoldens.assertMatches(golden, result, recorder);
    }
  }

  @Test
  public void nextTurn_reusesTheEarlierTurns_andMatchesHuggingFace() {
    HfGoldens.Case golden = goldens.get("multi_turn_system");
    OrtChatSession session = model.openSession();
    session.generate(greedy(golden.messages().subList(0, 2), golden), GenerationListener.NONE);

    EngineFixture.Recorder recorder = observe(session);
    GenerationResult result = session.generate(golden.greedy(), GenerationListener.NONE);
    assertTrue("reused " + result.stats().reusedTokens(), result.stats().reusedTokens() > 10);
    assertEquals(
        golden.promptIds().length,
        result.stats().reusedTokens() + result.stats().prefilledTokens());
    HfGoldens.assertMatches(golden, result, recorder);
  }

  @Test
  public void regenerate_cutsBackToThePrompt_andRepeatsHuggingFacesAnswer() {
    HfGoldens.Case golden = goldens.get("system_user");
    OrtChatSession session = model.openSession();
    session.generate(golden.greedy(), GenerationListener.NONE);

    EngineFixture.Recorder recorder = observe(session);
    GenerationResult again = session.generate(golden.greedy(), GenerationListener.NONE);
    assertEquals(golden.promptIds().length - 1, again.stats().reusedTokens());
    HfGoldens.assertMatches(golden, again, recorder);
  }

  @Test
  public void edit_reusesOnlyTheTokensBeforeTheEdit_andMatchesHuggingFace() {
    HfGoldens.Case golden = goldens.get("multi_turn");
    List<ChatMessage> original = new ArrayList<>(golden.messages());
    original.set(original.size() - 1, ChatMessage.user("And now, what?"));
    OrtChatSession session = model.openSession();
    session.generate(greedy(original, golden), GenerationListener.NONE);

    EngineFixture.Recorder recorder = observe(session);
    GenerationResult result = session.generate(golden.greedy(), GenerationListener.NONE);
    int[] before = model.renderer().render(original, true, golden.think()).ids();
    int common = 0;
    while (before[common] == golden.promptIds()[common]) {
      common++;
    }
    assertEquals(common, result.stats().reusedTokens());
    HfGoldens.assertMatches(golden, result, recorder);
  }

  /**
   * Qwen3's template writes the last answer of a history with an empty think block, and the same
   * answer without one once a question follows it: the render does not just grow, so only the
   * tokens the two renders share are reused.
   */
  @Test
  public void restoredHistory_thenTheQuestion_reusesTheSharedPrefix_andMatchesHuggingFace() {
    HfGoldens.Case golden = goldens.get("multi_turn_system");
    List<ChatMessage> history = golden.messages().subList(0, golden.messages().size() - 1);
    OrtChatSession session = model.openSession();
    int cached = session.restore(history, PhaseListener.NONE);

    EngineFixture.Recorder recorder = observe(session);
    GenerationResult result = session.generate(golden.greedy(), GenerationListener.NONE);
    int[] restored = model.renderer().render(history, false, golden.think()).ids();
    assertEquals(restored.length, cached);
    int common = 0;
    while (restored[common] == golden.promptIds()[common]) {
      common++;
    }
    assertTrue("the template rewrote the last answer", common < cached);
    assertEquals(common, result.stats().reusedTokens());
    HfGoldens.assertMatches(golden, result, recorder);
  }

  @Test
  public void afterACancelledAnswer_theNextMatchesHuggingFace() {
    HfGoldens.Case golden = goldens.get("no_thinking");
    OrtChatSession session = model.openSession();
    GenerationResult cancelled =
        session.generate(golden.greedy(), EngineFixture.cancelAfter(session, 2));
    assertEquals(FinishReason.CANCELLED, cancelled.finishReason());

    EngineFixture.Recorder recorder = observe(session);
    GenerationResult again = session.generate(golden.greedy(), GenerationListener.NONE);
    HfGoldens.assertMatches(golden, again, recorder);
  }

  private static EngineFixture.Recorder observe(OrtChatSession session) {
    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    return recorder;
  }

  private static GenerationRequest greedy(List<ChatMessage> messages, HfGoldens.Case like) {
    return GenerationRequest.builder(messages)
        .sampling(SamplingParams.GREEDY)
        .maxNewTokens(3)
        .think(like.think())
        .build();
  }
}
