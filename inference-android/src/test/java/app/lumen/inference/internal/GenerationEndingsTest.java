package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * How generations end, on tiny packages: at an end token, at a stop string, and where the
 * repetition penalty steers them. Expected tokens come from the raw logits rows (recorded before
 * the sampler sees them) and arithmetic written out here, not from the sampler.
 */
public class GenerationEndingsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private OrtInferenceEngine engine;

  @After
  public void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  public void greedyPathReachingAnEndToken_stopsThere_withoutTheToken() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generateEndingEarly(dir, 21, ModelFamily.QWEN3_VL, 6f);
    OrtLoadedModel model = load(dir);
    Tokenizer tokenizer = Tokenizer.load(dir.resolve("tokenizer.json"));
    Set<Integer> ends =
        Set.of(tokenizer.requireTokenId("<|im_end|>"), tokenizer.requireTokenId("<|endoftext|>"));
    // Search for a question whose greedy path meets an end token after a few answer tokens.
    for (int i = 0; i < 50; i++) {
      EngineFixture.Recorder rows = new EngineFixture.Recorder();
      GenerationResult result = greedy(model, "question " + i, 16, List.of(), rows);
      int step = firstRowWhoseArgmaxIsIn(rows.rows, ends);
      if (step < 2) {
        continue; // none, or at once: an empty answer would prove little
      }
      assertEquals(FinishReason.STOP_TOKEN, result.finishReason());
      assertEquals(step, result.tokenIds().size());
      assertEquals(step + 1, rows.rows.size());
      for (int id : result.tokenIds()) {
        assertFalse(ends.contains(id));
      }
      return;
    }
    throw new AssertionError("no greedy path reached an end token: the package changed");
  }

  @Test
  public void stopStringEndingInsideAToken_endsTheAnswerBeforeIt() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 22, ModelFamily.QWEN3_VL);
    OrtLoadedModel model = load(dir);
    Tokenizer tokenizer = Tokenizer.load(dir.resolve("tokenizer.json"));
    GenerationResult free = greedy(model, "Tell me something", 24, List.of(), LogitsObserver.NONE);
    // The first token (after the second) whose text has two characters or more: the stop string
    // is the text up to and including its first character, so the match ends inside it.
    List<Integer> ids = free.tokenIds();
    int split = -1;
    String full = null;
    String stop = null;
    for (int k = 2; k < ids.size() - 1 && split < 0; k++) {
      String upTo = decode(tokenizer, ids.subList(0, k));
      String through = decode(tokenizer, ids.subList(0, k + 1));
      String piece = through.substring(upTo.length());
      if (upTo.length() < 2 || piece.isEmpty()) {
        continue;
      }
      String candidate = through.substring(upTo.length() - 2, upTo.length() + 1);
      if (piece.length() >= 2
          && !through.contains("\uFFFD")
          && through.indexOf(candidate) == upTo.length() - 2) {
        split = k;
        full = through;
        stop = candidate;
      }
    }
    assertTrue("no multi-character token in " + free.text(), split > 0);
    int at = full.indexOf(stop);

    GenerationResult stopped =
        greedy(model, "Tell me something", 24, List.of(stop), LogitsObserver.NONE);

    assertEquals(FinishReason.STOP_STRING, stopped.finishReason());
    assertEquals(ids.subList(0, split + 1), stopped.tokenIds());
    assertEquals(full.substring(0, at), stopped.text());
  }

  @Test
  public void repetitionPenalty_countsThePromptsTokens_asHuggingFaceDoes() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 23, ModelFamily.QWEN3_VL);
    OrtLoadedModel model = load(dir);
    float penalty = 1.8f;
    boolean promptMattered = false;
    for (int i = 0; i < 20 && !promptMattered; i++) {
      String question = "say it again and again " + i;
      EngineFixture.Recorder rows = new EngineFixture.Recorder();
      OrtChatSession session = model.openSession();
      session.setLogitsObserver(rows);
      int[] prompt =
          model.renderer().render(List.of(ChatMessage.user(question)), true, false).ids();
      GenerationResult result =
          session.generate(
              GenerationRequest.builder(List.of(ChatMessage.user(question)))
                  .sampling(
                      SamplingParams.builder().temperature(0f).repetitionPenalty(penalty).build())
                  .maxNewTokens(12)
                  .build(),
              GenerationListener.NONE);
      session.close();
      // Hugging Face: every distinct id of prompt and answer so far; positive logits divided by
      // the penalty, negative ones multiplied; then the largest wins.
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int id : prompt) {
        seen.add(id);
      }
      java.util.Set<Integer> answerOnly = new java.util.HashSet<>();
      for (int step = 0; step < result.tokenIds().size(); step++) {
        float[] row = rows.rows.get(step);
        int expected = argmaxPenalised(row, seen, penalty);
        assertEquals(
            "question " + i + " step " + step, expected, (int) result.tokenIds().get(step));
        promptMattered |= argmaxPenalised(row, answerOnly, penalty) != expected;
        seen.add(expected);
        answerOnly.add(expected);
      }
    }
    assertTrue("no step where the prompt's tokens changed the choice", promptMattered);
  }

  private OrtLoadedModel load(Path dir) {
    engine = new OrtInferenceEngine(EngineOptions.defaults());
    return engine.loadModel(dir, PhaseListener.NONE);
  }

  private static GenerationResult greedy(
      OrtLoadedModel model,
      String question,
      int maxTokens,
      List<String> stops,
      LogitsObserver observer) {
    OrtChatSession session = model.openSession();
    session.setLogitsObserver(observer);
    try {
      return session.generate(
          GenerationRequest.builder(List.of(ChatMessage.user(question)))
              .sampling(SamplingParams.GREEDY)
              .maxNewTokens(maxTokens)
              .stopStrings(stops)
              .build(),
          GenerationListener.NONE);
    } finally {
      session.close();
    }
  }

  private static String decode(Tokenizer tokenizer, List<Integer> ids) {
    return tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int argmaxPenalised(float[] row, Set<Integer> seen, float penalty) {
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int id = 0; id < row.length; id++) {
      float value = row[id]; // float arithmetic, as torch's float32 logits
      if (seen.contains(id)) {
        value = value < 0 ? value * penalty : value / penalty;
      }
      if (value > bestValue) {
        best = id;
        bestValue = value;
      }
    }
    return best;
  }

  /** The first row whose largest value is at one of {@code ids}, or -1. */
  private static int firstRowWhoseArgmaxIsIn(List<float[]> rows, Set<Integer> ids) {
    for (int r = 0; r < rows.size(); r++) {
      if (ids.contains(argmaxPenalised(rows.get(r), Set.of(), 1f))) {
        return r;
      }
    }
    return -1;
  }
}
