package app.lumen.inference.internal;

import app.lumen.inference.text.ImageSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token ids with the images whose tokens they contain. Immutable. Two sequences agree at an index
 * when the ids agree and, inside an image, the same image (by {@code cacheKey}) sits at the same
 * offset: every image token has the same id, so ids alone cannot tell two pictures apart.
 */
final class TokenSequence {
  static final TokenSequence EMPTY = new TokenSequence(new int[0], List.of());

  private final int[] ids;
  private final List<ImageSpan> images;

  TokenSequence(int[] ids, List<ImageSpan> images) {
    this.ids = ids;
    this.images = List.copyOf(images);
    for (ImageSpan span : this.images) {
      if (span.start() < 0 || span.end() > ids.length) {
        throw new IllegalArgumentException(
            "image tokens " + span.start() + ".." + span.end() + " outside " + ids.length);
      }
    }
  }

  static TokenSequence of(int... ids) {
    return new TokenSequence(ids.clone(), List.of());
  }

  int length() {
    return ids.length;
  }

  int id(int index) {
    return ids[index];
  }

  /** A copy of all ids. */
  int[] ids() {
    return ids.clone();
  }

  List<ImageSpan> images() {
    return images;
  }

  /** The first {@code length} tokens (images cut there are dropped whole). */
  TokenSequence prefix(int length) {
    if (length == ids.length) {
      return this;
    }
    List<ImageSpan> kept = new ArrayList<>();
    for (ImageSpan span : images) {
      if (span.end() <= length) {
        kept.add(span);
      }
    }
    return new TokenSequence(Arrays.copyOf(ids, length), kept);
  }

  /** This sequence followed by plain-text tokens. */
  TokenSequence append(int[] more, int count) {
    int[] joined = Arrays.copyOf(ids, ids.length + count);
    System.arraycopy(more, 0, joined, ids.length, count);
    return new TokenSequence(joined, images);
  }

  /** The number of leading tokens on which both sequences agree. */
  int commonPrefix(TokenSequence other) {
    int n = Math.min(ids.length, other.ids.length);
    for (int i = 0; i < n; i++) {
      if (ids[i] != other.ids[i] || !sameImageToken(imageAt(i), other.imageAt(i), i)) {
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
