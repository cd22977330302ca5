package app.lumen.inference.internal;

import app.lumen.inference.text.ImageSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token ids with the images whose tokens they contain. Immutable and safe to share between threads.
 * Two sequences agree at an index when the ids agree and, inside an image, the same image (by
 * {@code cacheKey}) sits at the same offset: every image token has the same id, so ids alone cannot
 * tell two pictures apart.
 *
 * <p>Sequences share one growing array of ids, as a slice of it: {@link #append} writes past the
 * end of the longest sequence on the array when it is extended from there, so a decode step costs
 * no copy of the context; otherwise (an older prefix extended, or the array full) it copies into a
 * new array with room to grow. Indices below a sequence's length are never written again.
 */
final class TokenSequence {
  static final TokenSequence EMPTY = new TokenSequence(new int[0], List.of());

  private final Ids shared;
  private final int length;
  private final List<ImageSpan> images;

  /** The array and how far sequences have claimed it; guarded by itself. */
  private static final class Ids {
    final int[] array;
    int claimed;

    Ids(int[] array, int claimed) {
      this.array = array;
      this.claimed = claimed;
    }
  }

  TokenSequence(int[] ids, List<ImageSpan> images) {
    this(new Ids(ids, ids.length), ids.length, images);
  }

  private TokenSequence(Ids shared, int length, List<ImageSpan> images) {
    this.shared = shared;
    this.length = length;
    this.images = List.copyOf(images);
    for (ImageSpan span : this.images) {
      if (span.start() < 0 || span.end() > length) {
        throw new IllegalArgumentException(
            "image tokens " + span.start() + ".." + span.end() + " outside " + length);
      }
    }
  }

  static TokenSequence of(int... ids) {
    return new TokenSequence(ids.clone(), List.of());
  }

  int length() {
    return length;
  }

  int id(int index) {
    if (index >= length) {
      throw new IndexOutOfBoundsException("token " + index + " of " + length);
    }
    return shared.array[index];
  }

  /** A copy of all ids. */
  int[] ids() {
    return Arrays.copyOf(shared.array, length);
  }

  List<ImageSpan> images() {
    return images;
  }

  /** The first {@code length} tokens (images cut there are dropped whole). */
  TokenSequence prefix(int length) {
    if (length == this.length) {
      return this;
    }
    if (length < 0 || length > this.length) {
      throw new IllegalArgumentException("no prefix of " + length + " in " + this.length);
    }
    List<ImageSpan> kept = new ArrayList<>();
    for (ImageSpan span : images) {
      if (span.end() <= length) {
        kept.add(span);
      }
    }
    return new TokenSequence(shared, length, kept); // shares the ids: they are never rewritten
  }

  /** This sequence followed by plain-text tokens. */
  TokenSequence append(int[] more, int count) {
    synchronized (shared) {
      if (shared.claimed == length && length + count <= shared.array.length) {
        System.arraycopy(more, 0, shared.array, length, count);
        shared.claimed = length + count;
        return new TokenSequence(shared, length + count, images);
      }
    }
    // Grows by half again: amortised O(1) per appended token, little slack on a long context.
    int[] grown = Arrays.copyOf(shared.array, Math.max(length + count, length + length / 2 + 16));
    System.arraycopy(more, 0, grown, length, count);
    return new TokenSequence(new Ids(grown, length + count), length + count, images);
  }

  /** The number of leading tokens on which both sequences agree. */
  int commonPrefix(TokenSequence other) {
    int n = Math.min(length, other.length);
    int[] ids = shared.array;
    int[] otherIds = other.shared.array;
    for (int i = 0; i < n; i++) {
      if (ids[i] != otherIds[i] || !sameImageToken(imageAt(i), other.imageAt(i), i)) {
        return i;
      }
    }
    return n;
  }

  private static boolean sameImageToken(ImageSpan a, ImageSpan b, int index) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.start() == b.start() && a.image().cacheKey().equals(b.image().cacheKey());
  }

  ImageSpan imageAt(int index) {
    for (ImageSpan span : images) {
      if (span.contains(index)) {
        return span;
      }
    }
    return null;
  }
}
