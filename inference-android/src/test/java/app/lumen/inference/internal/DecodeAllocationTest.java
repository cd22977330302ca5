package app.lumen.inference.internal;

import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.SamplingParams;
import app.lumen.pkg.ModelFamily;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Heap allocated per decode step on the tiny package must not grow with the context: a phone's
 * collector would otherwise chase more garbage at every token the longer a conversation gets.
 */
public class DecodeAllocationTest {
  private static final int NEW_TOKENS = 24;

  /**
   * Slack for what legitimately differs between two generations (token text, the odd geometric
   * regrowth of a reused buffer spread over the steps); a per-step copy of the context at 2,000
   * tokens is 8 to 16 KB.
   */
  private static final double TOLERANCE_BYTES = 2048;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void decodeStepAllocation_isFlatInTheContextLength() throws Exception {
    try (EngineFixture f = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 3)) {
      perStep(f, 2000); // warm-up: JIT and the reusable buffers at their largest
      perStep(f, 64);
      double shortContext = perStep(f, 64);
      double longContext = perStep(f, 2000);
      assertTrue(
          "per step: " + shortContext + " B at 64 tokens, " + longContext + " B at 2,000",
          longContext - shortContext < TOLERANCE_BYTES);
    }
  }

  /** Mean heap bytes per decode step after the second token, with a prompt of ~{@code tokens}. */
  private static double perStep(EngineFixture f, int tokens) {
    String text = prompt(f, tokens);
    long[] marks = new long[NEW_TOKENS];
    int[] count = {0};
    GenerationListener listener =
        new GenerationListener() {
          @Override
          public void onToken(int tokenId, String textDelta, boolean thinking) {
            marks[count[0]++] = ThreadAllocations.current();
          }
        };
    try (ChatSession session = f.model.newSession()) {
      session.generate(
          GenerationRequest.builder(List.of(ChatMessage.user(text)))
              .sampling(SamplingParams.GREEDY)
              .maxNewTokens(NEW_TOKENS)
              .build(),
          listener);
    }
    assertTrue("only " + count[0] + " tokens generated", count[0] >= 8);
    // From the second token: the first step also grows the prompt's token array once.
    return (double) (marks[count[0] - 1] - marks[1]) / (count[0] - 2);
  }

  /** A user message that renders to about {@code tokens} tokens. */
  private static String prompt(EngineFixture f, int tokens) {
    String word = " hello";
    int overhead = f.render(List.of(ChatMessage.user(""))).length;
    int perWord = f.render(List.of(ChatMessage.user(word.repeat(10)))).length - overhead;
    return word.repeat(Math.max(1, (tokens - overhead) * 10 / Math.max(1, perWord)));
  }
}
