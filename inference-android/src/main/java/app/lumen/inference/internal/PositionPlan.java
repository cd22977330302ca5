package app.lumen.inference.internal;

import app.lumen.inference.text.ImageSpan;
import java.util.List;

/**
 * Rotary position ids of a token sequence, Qwen-VL style (three rows: temporal, height, width).
 *
 * <p>Text tokens get the same position on all rows, one more than the largest position before them.
 * An image of {@code h × w} merged tokens starting after position {@code p} gets {@code p + 1} on
 * the temporal row and {@code p + 1 + row} / {@code p + 1 + col} on the others, and the text after
 * it continues at {@code p + 1 + max(h, w)} (Hugging Face {@code get_rope_index}). Tokens after the
 * planned sequence (generated ones) sit at {@code index + ropeDelta}.
 *
 * <p>Immutable and thread-safe.
 */
final class PositionPlan {
  static final int ROWS = 3;

  private final int length;
  private final long[][] rows;
  private final long ropeDelta;

  private PositionPlan(int length, long[][] rows, long ropeDelta) {
    this.length = length;
    this.rows = rows;
    this.ropeDelta = ropeDelta;
  }

  /** Positions of {@code sequence}, its images laid out on their grids. */
  static PositionPlan of(TokenSequence sequence) {
    List<ImageSpan> images = sequence.images();
    if (images.isEmpty()) {
      return new PositionPlan(sequence.length(), null, 0);
    }
    int n = sequence.length();
    long[][] rows = new long[ROWS][n];
    long next = 0; // the position the next text token takes
    int index = 0;
    for (ImageSpan span : images) {
      for (; index < span.start(); index++) {
        fill(rows, index, next++);
      }
      var grid = span.image().grid();
      long offset = next;
      int at = index;
      for (int t = 0; t < grid.t(); t++) {
        for (int h = 0; h < grid.h(); h++) {
          for (int w = 0; w < grid.w(); w++) {
            rows[0][at] = offset + t;
            rows[1][at] = offset + h;
            rows[2][at] = offset + w;
            at++;
          }
        }
      }
      index = at;
      next = offset + Math.max(grid.t(), Math.max(grid.h(), grid.w()));
    }
    for (; index < n; index++) {
      fill(rows, index, next++);
    }
    return new PositionPlan(n, rows, next - n);
  }

  private static void fill(long[][] rows, int index, long position) {
    for (long[] row : rows) {
      row[index] = position;
    }
  }

  /** The offset of positions from indices after the planned sequence. */
  long ropeDelta() {
    return ropeDelta;
  }

  /** The position of token {@code index} on {@code row}. */
  long position(int row, int index) {
    if (rows == null || index >= length) {
      return index + ropeDelta;
    }
    return rows[row][index];
  }

  /**
   * Position ids of tokens {@code [from, from + count)} in {@code [rows, 1, count]} row-major order
   * ({@code rowCount} 3 for M-RoPE graphs, 1 for plain {@code [1, S]} graphs).
   */
  long[] slice(int from, int count, int rowCount) {
    long[] result = new long[rowCount * count];
    for (int r = 0; r < rowCount; r++) {
      for (int i = 0; i < count; i++) {
        result[r * count + i] = position(r, from + i);
      }
    }
    return result;
  }
}
