package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.text.ImageSpan;
import java.util.List;
import org.junit.Test;

public class PositionPlanTest {

  @Test
  public void textOnly_positionsAreIndicesOnAllRows() {
    PositionPlan plan = PositionPlan.of(TokenSequence.of(5, 6, 7));
    assertArrayEquals(new long[] {1, 2, 1, 2, 1, 2}, plan.slice(1, 2, 3));
    assertEquals(0, plan.ropeDelta());
    assertEquals(9, plan.position(0, 9));
  }

  @Test
  public void image_followsGetRopeIndex() {
    // facts §4.1 example scaled down: 4 text tokens (0..3), a 2x3 image at T=4, H=4..5,
    // W=4..6, then text continues at 4 + max(2, 3) = 7.
    int[] ids = {1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 5, 6};
    TokenSequence sequence =
        new TokenSequence(ids, List.of(new ImageSpan(4, new FixedImage("a", 2, 3))));
    PositionPlan plan = PositionPlan.of(sequence);
    assertArrayEquals(
        new long[] {
          0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 7, 8, // T
          0, 1, 2, 3, 4, 4, 4, 5, 5, 5, 7, 8, // H
          0, 1, 2, 3, 4, 5, 6, 4, 5, 6, 7, 8 // W
        },
        plan.slice(0, 12, 3));
    // 12 tokens end at position 8: the next token (index 12) sits at 9, a delta of -3.
    assertEquals(-3, plan.ropeDelta());
    assertEquals(9, plan.position(1, 12));
  }

  @Test
  public void plainPositionRows_useTheTemporalRow() {
    PositionPlan plan = PositionPlan.of(TokenSequence.of(1, 2, 3));
    assertArrayEquals(new long[] {0, 1, 2}, plan.slice(0, 3, 1));
  }

  /** A picture of a fixed grid whose embeddings are a constant derived from its key. */
  record FixedImage(String cacheKey, ImageInput.ImageGrid grid) implements ImageInput {
    FixedImage(String key, int h, int w) {
      this(key, new ImageGrid(1, h, w));
    }

    @Override
    public ImageEmbeddings embeddings(int hiddenSize) {
      float[] values = new float[tokenCount() * hiddenSize];
      java.util.Arrays.fill(values, cacheKey.hashCode() % 7 / 10f);
      return new ImageEmbeddings(tokenCount(), hiddenSize, values, null);
    }
  }
}
