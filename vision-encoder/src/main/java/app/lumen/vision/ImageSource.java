package app.lumen.vision;

import java.io.IOException;

/**
 * A picture not decoded yet: a file, a content URI, encoded bytes. Its decoder reads the size first
 * and asks how coarsely to decode, so that a large photo is never held at full resolution when the
 * plan needs a fraction of its pixels. Desktop ({@code ImageIoDecoder}) and Android decoders
 * implement it; {@link PlannedImage#decode} is the one place that turns a size into a plan and a
 * subsampling factor.
 *
 * <p>Threading: a source is decoded on the calling thread; implementations need not be thread-safe.
 *
 * <p>Errors: {@link InvalidImageException} when the data is not a picture the decoder reads (or the
 * callback refuses its size); {@link IOException} when it cannot be read.
 */
public interface ImageSource {

  /**
   * Decodes the picture upright (EXIF orientation applied, alpha composited over white).
   *
   * @param subsampling told the picture's size once it is known, returns the factor to decode it
   *     with (1: every pixel; {@code s}: every {@code s}-th pixel of every {@code s}-th row)
   */
  RgbImage decode(SubsamplingChoice subsampling) throws IOException;

  /** Chooses the subsampling factor from the picture's size. */
  @FunctionalInterface
  interface SubsamplingChoice {
    /**
     * @param width the picture's width, upright where the decoder knows the orientation by then
     * @param height its height
     */
    int factor(int width, int height);
  }
}
