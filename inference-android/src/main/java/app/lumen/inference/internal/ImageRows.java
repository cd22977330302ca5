package app.lumen.inference.internal;

import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.text.ImageSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes images' rows into the embedding (or DeepStack) rows of a slice of tokens. */
final class ImageRows {
  private ImageRows() {}

  /** The images with at least one token in {@code [from, to)}. */
  static List<ImageSpan> overlapping(TokenSequence sequence, int from, int to) {
    List<ImageSpan> result = new ArrayList<>();
    for (ImageSpan span : sequence.images()) {
      if (span.start() < to && span.end() > from) {
        result.add(span);
      }
    }
    return result;
  }

  /**
   * Copies the rows of tokens {@code [from, to)} that belong to images into {@code rows} ({@code
   * (to - from) × hiddenSize}, row-major).
   *
   * @param layer -1 for the embeddings, else the DeepStack layer
   */
  static void splice(
      float[] rows,
      int hiddenSize,
      List<ImageSpan> overlapping,
      Map<ImageSpan, ImageEmbeddings> images,
      int from,
      int to,
      int layer) {
    for (ImageSpan span : overlapping) {
      ImageEmbeddings embeddings = images.get(span);
      if (embeddings == null) {
        throw new IllegalStateException("no embeddings for the image at token " + span.start());
      }
      float[] source;
      if (layer < 0) {
        source = embeddings.embeddings();
      } else if (layer < embeddings.deepstack().length) {
        source = embeddings.deepstack()[layer];
      } else {
        continue; // an encoder without DeepStack output: the features stay zero
      }
      int first = Math.max(from, span.start());
      int last = Math.min(to, span.end());
      for (int index = first; index < last; index++) {
        System.arraycopy(
            source,
            (index - span.start()) * hiddenSize,
            rows,
            (index - from) * hiddenSize,
            hiddenSize);
      }
    }
  }
}
