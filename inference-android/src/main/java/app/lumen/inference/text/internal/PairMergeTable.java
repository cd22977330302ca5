package app.lumen.inference.text.internal;

import java.util.Arrays;

/**
 * The BPE merge rules as an open-addressing hash table from a pair of token ids to its merge rank
 * and the id of the merged token. Keys are the two ids packed into one long, so a lookup allocates
 * nothing; this is the inner loop of encoding.
 *
 * <p>Immutable after construction by {@link Builder}; safe to share between threads.
 */
final class PairMergeTable {
  static final long NO_MERGE = -1L;
  private static final long EMPTY = -1L;

  private final long[] keys;
  private final long[] values;
  private final int mask;
  private final int size;

  private PairMergeTable(long[] keys, long[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.mask = keys.length - 1;
    this.size = size;
  }

  int size() {
    return size;
  }

  /**
   * The merge of {@code left} followed by {@code right}: {@code rank << 32 | mergedId}, or {@link
   * #NO_MERGE}.
   */
  long find(int left, int right) {
    long key = pack(left, right);
    int slot = mix(key) & mask;
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return values[slot];
      }
      if (k == EMPTY) {
        return NO_MERGE;
      }
      slot = (slot + 1) & mask;
    }
  }

  static int rankOf(long merge) {
    return (int) (merge >>> 32);
  }

  static int mergedIdOf(long merge) {
    return (int) merge;
  }

  private static long pack(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }

  /** Collects merges in rank order; a pair listed twice keeps its first (lowest) rank. */
  static final class Builder {
    private long[] keys;
    private long[] values;
    private int size;

    Builder(int expectedMerges) {
      int capacity = Integer.highestOneBit(Math.max(16, expectedMerges * 2 - 1)) << 1;
      keys = new long[capacity];
      values = new long[capacity];
      Arrays.fill(keys, EMPTY);
    }

    void add(int left, int right, int rank, int mergedId) {
      if ((size + 1) * 2 > keys.length) {
        grow();
      }
      insert(pack(left, right), ((long) rank << 32) | (mergedId & 0xFFFFFFFFL));
    }

    private boolean insert(long key, long value) {
      int mask = keys.length - 1;
      int slot = mix(key) & mask;
      while (keys[slot] != EMPTY) {
        if (keys[slot] == key) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = value;
      size++;
      return true;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new long[oldKeys.length * 2];
      Arrays.fill(keys, EMPTY);
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != EMPTY) {
          insert(oldKeys[i], oldValues[i]);
        }
      }
    }

    PairMergeTable build() {
      return new PairMergeTable(keys, values, size);
    }
  }
}
