package app.lumen.inference.text.internal;

/**
 * Applies BPE merges to one word, lowest rank first and leftmost first among equal ranks, exactly
 * as Hugging Face's {@code Word::merge_all}: a min-heap of candidate pairs over a linked list of
 * symbols, stale candidates skipped when popped. O(n log n), so long words (a run of 10,000
 * letters) stay cheap.
 */
final class BpeMerger {
  private BpeMerger() {}

  /** Merges {@code symbols} (token ids, one per byte) in place and returns the resulting ids. */
  static int[] merge(int[] symbols, PairMergeTable merges) {
    int n = symbols.length;
    if (n < 2) {
      return symbols;
    }
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    LongMinHeap heap = new LongMinHeap(n);
    for (int i = 0; i + 1 < n; i++) {
      push(heap, merges, symbols, i, i + 1);
    }
    int alive = n;
    while (!heap.isEmpty()) {
      long candidate = heap.pop();
      int rank = (int) (candidate >>> 32);
      int left = (int) candidate;
      int right = next[left];
      if (symbols[left] < 0 || right < 0) {
        continue;
      }
      long merge = merges.find(symbols[left], symbols[right]);
      if (merge == PairMergeTable.NO_MERGE || PairMergeTable.rankOf(merge) != rank) {
        continue; // the pair changed since this candidate was queued
      }
      symbols[left] = PairMergeTable.mergedIdOf(merge);
      symbols[right] = -1;
      int after = next[right];
      next[left] = after;
      if (after >= 0) {
        prev[after] = left;
      }
      alive--;
      if (prev[left] >= 0) {
        push(heap, merges, symbols, prev[left], left);
      }
      if (after >= 0) {
        push(heap, merges, symbols, left, after);
      }
    }
    int[] result = new int[alive];
    int k = 0;
    for (int i = 0; i >= 0; i = next[i]) {
      result[k++] = symbols[i];
    }
    return result;
  }

  private static void push(
      LongMinHeap heap, PairMergeTable merges, int[] symbols, int left, int right) {
    long merge = merges.find(symbols[left], symbols[right]);
    if (merge != PairMergeTable.NO_MERGE) {
      heap.push(((long) PairMergeTable.rankOf(merge) << 32) | left);
    }
  }

  /** A binary min-heap of longs: (rank, position) packed so that one comparison orders both. */
  private static final class LongMinHeap {
    private long[] items;
    private int size;

    LongMinHeap(int capacity) {
      items = new long[Math.max(4, capacity)];
    }

    boolean isEmpty() {
      return size == 0;
    }

    void push(long value) {
      if (size == items.length) {
        items = java.util.Arrays.copyOf(items, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (items[parent] <= value) {
          break;
        }
        items[i] = items[parent];
        i = parent;
      }
      items[i] = value;
    }

    long pop() {
      long top = items[0];
      long last = items[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && items[child + 1] < items[child]) {
          child++;
        }
        if (items[child] >= last) {
          break;
        }
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
      return top;
    }
  }
}
