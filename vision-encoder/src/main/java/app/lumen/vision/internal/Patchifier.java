package app.lumen.vision.internal;

import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.RgbImage;

/**
 * Rescales, normalises and flattens a resized picture into the processor's {@code pixel_values}:
 * one row per patch, rows in the order {@code (t, block row, block column, row in block, column in
 * block)} so every {@code merge²} consecutive rows form one merge window, and inside a row the
 * values in the order {@code (channel, frame, y, x)}. A still image fills all {@code
 * temporal_patch_size} frames with the same pixels (Hugging Face's {@code reshape(t, T, C, gh/m, m,
 * P, gw/m, m, P).transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Patchifier {
  private Patchifier() {}

  /**
   * {@code pixel_values} of {@code image}, whose sides must be multiples of patch × merge size.
   *
   * @return {@code patches × config.patchValues()} floats, row-major
   */
  public static float[] patchify(RgbImage image, ImageProcessorConfig config) {
    int p = config.patchSize();
    int m = config.mergeSize();
    int frames = config.temporalPatchSize();
    int factor = p * m;
    if (image.width() % factor != 0 || image.height() % factor != 0) {
      throw new IllegalArgumentException(
          "image " + image + " is not a multiple of " + factor + " on both sides");
    }
    float[][] lut = lookupTables(config);
    int gh = image.height() / p;
    int gw = image.width() / p;
    int rowLength = config.patchValues();
    int framePlane = p * p; // values per (channel, frame)
    float[] out = new float[gh * gw * rowLength];
    byte[] rgb = image.rgb();
    int stride = image.width() * 3;
    int row = 0;
    for (int bh = 0; bh < gh / m; bh++) {
      for (int bw = 0; bw < gw / m; bw++) {
        for (int mh = 0; mh < m; mh++) {
          for (int mw = 0; mw < m; mw++) {
            int y0 = (bh * m + mh) * p;
            int x0 = (bw * m + mw) * p;
            int base = row * rowLength;
            for (int c = 0; c < 3; c++) {
              float[] table = lut[c];
              int plane = base + c * frames * framePlane;
              int o = plane;
              for (int py = 0; py < p; py++) {
                int s = (y0 + py) * stride + x0 * 3 + c;
                for (int px = 0; px < p; px++, s += 3) {
                  out[o++] = table[rgb[s] & 0xFF];
                }
              }
              for (int t = 1; t < frames; t++) {
                System.arraycopy(out, plane, out, plane + t * framePlane, framePlane);
              }
            }
            row++;
          }
        }
      }
    }
    return out;
  }

  /** Per channel: the normalised value of each byte, {@code (v · rescale − mean) / std}. */
  static float[][] lookupTables(ImageProcessorConfig config) {
    double[] mean = config.imageMean();
    double[] std = config.imageStd();
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (float) ((v * config.rescaleFactor() - mean[c]) / std[c]);
      }
    }
    return lut;
  }
}
