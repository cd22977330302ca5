package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;

import app.lumen.inference.text.ImageSpan;
import java.util.List;
import org.junit.Test;

public class TokenSequenceTest {
  private static final int PAD = 9;

  @Test
  public void commonPrefix_stopsAtTheFirstDifferentId() {
    assertEquals(2, TokenSequence.of(1, 2, 3).commonPrefix(TokenSequence.of(1, 2, 4, 5)));
    assertEquals(3, TokenSequence.of(1, 2, 3).commonPrefix(TokenSequence.of(1, 2, 3, 4)));
  }

  @Test
  public void commonPrefix_tellsDifferentImagesApartDespiteEqualIds() {
    int[] ids = {1, PAD, PAD, 2};
    TokenSequence a = withImage(ids, "cat");
    TokenSequence b = withImage(ids, "dog");
    TokenSequence c = withImage(ids, "cat");
    assertEquals(1, a.commonPrefix(b));
    assertEquals(4, a.commonPrefix(c));
  }

  @Test
  public void prefix_dropsImagesItCuts() {
    TokenSequence a = withImage(new int[] {1, PAD, PAD, 2}, "cat");
    assertEquals(0, a.prefix(2).images().size());
    assertEquals(1, a.prefix(3).images().size());
  }

  private static TokenSequence withImage(int[] ids, String key) {
    return new TokenSequence(
        ids.clone(), List.of(new ImageSpan(1, new PositionPlanTest.FixedImage(key, 1, 2))));
  }
}
