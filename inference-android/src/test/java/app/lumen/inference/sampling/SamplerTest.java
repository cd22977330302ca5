package app.lumen.inference.sampling;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import app.lumen.inference.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class SamplerTest {
  private static final float[] FOUR_THREE_TWO_ONE = {
    (float) Math.log(2), (float) Math.log(4), (float) Math.log(1), (float) Math.log(3)
  };

  @Test
  public void greedy_picksTheLargestLogit() {
    Sampler sampler = new Sampler(SamplingParams.GREEDY, 4, 0);
    assertEquals(1, sampler.next(FOUR_THREE_TWO_ONE.clone()));
  }

  @Test
  public void greedy_withRepetitionPenalty_avoidsARepeatedToken() {
    // ln 4 / 2 = 0.69 < ln 3 = 1.10: token 3 wins once token 1 was seen.
    Sampler sampler = new Sampler(SamplingParams.builder().repetitionPenalty(2f).build(), 4, 0);
    sampler.observe(1);
    assertEquals(3, sampler.next(FOUR_THREE_TWO_ONE.clone()));
  }

  @Test
  public void sameSeed_drawsTheSameSequence_differentSeedAnother() {
    SamplingParams params = SamplingParams.builder().temperature(1f).seed(42L).build();
    assertEquals(draws(params, 0), draws(params, 99));
    assertNotEquals(draws(params, 0), draws(params.toBuilder().seed(43L).build(), 0));
  }

  @Test
  public void nullSeed_usesTheFallbackSeed() {
    SamplingParams params = SamplingParams.builder().temperature(1f).build();
    assertEquals(draws(params, 5), draws(params, 5));
    assertNotEquals(draws(params, 5), draws(params, 6));
  }

  @Test
  public void sampling_followsTheDistribution() {
    // 20,000 draws from 0.4/0.3/0.2/0.1: each frequency within 0.015 (about 4.5 sigma).
    Sampler sampler = new Sampler(SamplingParams.builder().temperature(1f).seed(1L).build(), 4, 0);
    int[] counts = new int[4];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts[sampler.next(FOUR_THREE_TWO_ONE.clone())]++;
    }
    assertEquals(0.2, counts[0] / (double) n, 0.015);
    assertEquals(0.4, counts[1] / (double) n, 0.015);
    assertEquals(0.1, counts[2] / (double) n, 0.015);
    assertEquals(0.3, counts[3] / (double) n, 0.015);
  }

  @Test
  public void repetitionPenalty_onPromptTokens_reshapesTheSampledDistribution() {
    // Logits ln 2, ln 4, ln 1, ln 3; the prompt holds token 1, penalty 2: ln 4 / 2 = ln 2, so the
    // weights become 2, 2, 1, 3 out of 8 (Hugging Face counts prompt tokens as seen).
    Sampler sampler =
        new Sampler(
            SamplingParams.builder().temperature(1f).repetitionPenalty(2f).seed(7L).build(), 4, 0);
    int[] prompt = {9, 1, 9};
    sampler.observe(prompt, 1, 2);
    int[] counts = new int[4];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts[sampler.next(FOUR_THREE_TWO_ONE.clone())]++;
    }
    assertEquals(0.25, counts[0] / (double) n, 0.015);
    assertEquals(0.25, counts[1] / (double) n, 0.015);
    assertEquals(0.125, counts[2] / (double) n, 0.015);
    assertEquals(0.375, counts[3] / (double) n, 0.015);
  }

  @Test
  public void positiveInfinityLogit_whenSampling_failsTypedNamingTheStep() {
    Sampler sampler = new Sampler(SamplingParams.builder().temperature(1f).seed(1L).build(), 4, 0);
    sampler.next(FOUR_THREE_TWO_ONE.clone());
    float[] logits = FOUR_THREE_TWO_ONE.clone();
    logits[2] = Float.POSITIVE_INFINITY;
    NonFiniteLogitsException e =
        assertThrows(NonFiniteLogitsException.class, () -> sampler.next(logits));
    assertEquals(2, e.step());
    assertEquals(
        "the model produced non-finite logits at step 2 (Infinity at token 2)", e.getMessage());
  }

  @Test
  public void allNanLogits_whenGreedy_failTypedInsteadOfPickingTokenZero() {
    Sampler sampler = new Sampler(SamplingParams.GREEDY, 3, 0);
    NonFiniteLogitsException e =
        assertThrows(
            NonFiniteLogitsException.class,
            () -> sampler.next(new float[] {Float.NaN, Float.NaN, Float.NaN}));
    assertEquals(1, e.step());
  }

  @Test
  public void onlyNegativeInfinity_leavesNothingToChooseAndFailsTyped() {
    Sampler greedy = new Sampler(SamplingParams.GREEDY, 2, 0);
    assertThrows(
        NonFiniteLogitsException.class,
        () -> greedy.next(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}));
    // One finite logit is enough: -Infinity alone means "never this token".
    Sampler sampling = new Sampler(SamplingParams.builder().temperature(1f).topK(1).build(), 2, 0);
    assertEquals(1, sampling.next(new float[] {Float.NEGATIVE_INFINITY, 0.5f}));
  }

  private static List<Integer> draws(SamplingParams params, long fallbackSeed) {
    Sampler sampler = new Sampler(params, 4, fallbackSeed);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(sampler.next(FOUR_THREE_TWO_ONE.clone()));
    }
    return ids;
  }
}
