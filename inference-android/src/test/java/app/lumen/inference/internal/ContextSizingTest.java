package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The default-context rule, with Qwen3-VL-2B's cache: 28 layers × 8 kv heads × 128. */
public class ContextSizingTest {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final int QWEN_MAX = 262_144;

  /** 28 × 8 × 128 × 2 (key, value) × 4 bytes. */
  private static final long QWEN_2B_FLOAT32_PER_TOKEN = 229_376;

  @Test
  public void cacheBytesPerToken_isLayersTimesKvHeadsTimesHeadDimTimesTwoTimesDtype() {
    assertEquals(QWEN_2B_FLOAT32_PER_TOKEN, ContextSizing.cacheBytesPerToken(qwen2b(false)));
    assertEquals(QWEN_2B_FLOAT32_PER_TOKEN / 2, ContextSizing.cacheBytesPerToken(qwen2b(true)));
  }

  @Test
  public void phoneWithFourGigabytes_getsTheTokensWhoseCacheFitsHalfOfIt() {
    ContextSizing.Choice choice =
        ContextSizing.choose(0, 4 * GIB, QWEN_2B_FLOAT32_PER_TOKEN, 100 * MIB, QWEN_MAX);
    // (2 GiB - 100 MiB) / (2 × 229,376 B) = 4,452.6
    assertEquals(4452, choice.tokens());
    assertTrue(choice.reason(), choice.reason().contains("4096 MiB available"));
  }

  @Test
  public void defaultIsClampedToTheRangeAndTheModel() {
    assertEquals(
        ContextSizing.MAX_TOKENS,
        ContextSizing.choose(0, 64 * GIB, QWEN_2B_FLOAT32_PER_TOKEN, 0, QWEN_MAX).tokens());
    assertEquals(
        ContextSizing.MIN_TOKENS,
        ContextSizing.choose(0, GIB, QWEN_2B_FLOAT32_PER_TOKEN, 0, QWEN_MAX).tokens());
    assertEquals(2048, ContextSizing.choose(0, 64 * GIB, 1000, 0, 2048).tokens());
  }

  @Test
  public void unknownMemory_givesTheSmallestDefault() {
    ContextSizing.Choice choice =
        ContextSizing.choose(0, 0, QWEN_2B_FLOAT32_PER_TOKEN, 0, QWEN_MAX);
    assertEquals(ContextSizing.MIN_TOKENS, choice.tokens());
    assertTrue(choice.reason(), choice.reason().contains("unknown"));
  }

  @Test
  public void explicitCap_overridesTheRuleButNotTheModel() {
    assertEquals(
        20_000, ContextSizing.choose(20_000, GIB, QWEN_2B_FLOAT32_PER_TOKEN, 0, QWEN_MAX).tokens());
    assertEquals(
        QWEN_MAX,
        ContextSizing.choose(1_000_000, GIB, QWEN_2B_FLOAT32_PER_TOKEN, 0, QWEN_MAX).tokens());
  }

  private static List<StateSpec> qwen2b(boolean half) {
    List<StateSpec> states = new ArrayList<>();
    for (int layer = 0; layer < 28; layer++) {
      for (String part : List.of("key", "value")) {
        states.add(
            new StateSpec(
                "past_key_values." + layer + "." + part,
                "present." + layer + "." + part,
                half ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT,
                new long[] {1, 8, 0, 128},
                2));
      }
    }
    return states;
  }
}
