package app.lumen.vision.internal;

import app.lumen.vision.RgbImage;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Bicubic resizing of 8-bit RGB exactly as Pillow's {@code Image.resize(size, BICUBIC)} does it
 * (Pillow's {@code libImaging/Resample.c}), because the Hugging Face Qwen-VL processor resizes a
 * uint8 PIL image and the model was trained on that output.
 *
 * <p>Pillow's algorithm, reproduced step for step: a separable convolution with the cubic kernel (a
 * = -0.5, support 2) stretched by the downscale factor (so downscaling averages over the whole
 * footprint: antialiasing), coefficients normalised per output pixel and turned into 22-bit fixed
 * point, a horizontal pass over only the source rows the vertical pass needs, rounded and clipped
 * to uint8, then the vertical pass. The fixed-point sums use the same rounding, so the output
 * equals Pillow's byte for byte.
 *
 * <p>Stateless and thread-safe.
 */
public final class PilBicubicResampler {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);
  private static final double SUPPORT = 2.0;
  // More bands than cores only adds scheduling; 8 covers phone big cores.
  private static final int MAX_BANDS = 8;

  private PilBicubicResampler() {}

  /** {@code image} resized to {@code width × height} (the same pixels when the size matches). */
  public static RgbImage resize(RgbImage image, int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
    }
    int inW = image.width();
    int inH = image.height();
    if (inW == width && inH == height) {
      return image;
    }
    Coefficients horizontal = Coefficients.of(inW, width);
    Coefficients vertical = Coefficients.of(inH, height);
    byte[] source = image.rgb();
    int sourceWidth = inW;
    int rowOffset = 0;
    if (width != inW) {
      // Only rows the vertical pass reads are resampled horizontally (Pillow's ybox_first/last).
      int first = vertical.bounds[0];
      int last = vertical.bounds[2 * height - 2] + vertical.bounds[2 * height - 1];
      source = horizontalPass(source, inW, first, last - first, horizontal, width);
      sourceWidth = width;
      rowOffset = first;
    }
    if (height == inH) {
      return new RgbImage(width, height, source);
    }
    return new RgbImage(
        width, height, verticalPass(source, sourceWidth, rowOffset, vertical, height));
  }

  private static byte[] horizontalPass(
      byte[] in, int inW, int firstRow, int rows, Coefficients c, int outW) {
    byte[] out = new byte[rows * outW * 3];
    inBands(rows, (from, to) -> horizontalRows(in, inW, firstRow, from, to, c, outW, out));
    return out;
  }

  private static void horizontalRows(
      byte[] in,
      int inW,
      int firstRow,
      int fromRow,
      int toRow,
      Coefficients c,
      int outW,
      byte[] out) {
    int ksize = c.ksize;
    int[] kk = c.kk;
    int[] bounds = c.bounds;
    for (int y = fromRow; y < toRow; y++) {
      int inRow = (y + firstRow) * inW * 3;
      int o = y * outW * 3;
      for (int x = 0; x < outW; x++, o += 3) {
        int xmin = bounds[2 * x];
        int xmax = bounds[2 * x + 1];
        int k = x * ksize;
        int r = HALF;
        int g = HALF;
        int b = HALF;
        int p = inRow + xmin * 3;
        for (int i = 0; i < xmax; i++, p += 3) {
          int w = kk[k + i];
          r += (in[p] & 0xFF) * w;
          g += (in[p + 1] & 0xFF) * w;
          b += (in[p + 2] & 0xFF) * w;
        }
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
  }

  private static byte[] verticalPass(
      byte[] in, int width, int rowOffset, Coefficients c, int outH) {
    byte[] out = new byte[outH * width * 3];
    inBands(outH, (from, to) -> verticalRows(in, width, rowOffset, c, from, to, out));
    return out;
  }

  private static void verticalRows(
      byte[] in, int width, int rowOffset, Coefficients c, int fromRow, int toRow, byte[] out) {
    int stride = width * 3;
    int[] acc = new int[stride];
    for (int y = fromRow; y < toRow; y++) {
      int ymin = c.bounds[2 * y] - rowOffset;
      int ymax = c.bounds[2 * y + 1];
      int k = y * c.ksize;
      java.util.Arrays.fill(acc, HALF);
      // Row by row over the source keeps memory access sequential; the sums are the same.
      for (int i = 0; i < ymax; i++) {
        int w = c.kk[k + i];
        int p = (ymin + i) * stride;
        for (int j = 0; j < stride; j++) {
          acc[j] += (in[p + j] & 0xFF) * w;
        }
      }
      int o = y * stride;
      for (int j = 0; j < stride; j++) {
        out[o + j] = clip8(acc[j]);
      }
    }
  }

  /** Output rows {@code [from, to)} of one pass. */
  private interface RowBand {
    void run(int from, int to);
  }

  /**
   * Runs a pass over {@code rows} output rows, split into bands on the common fork-join pool when
   * the work is large enough to pay for it. Rows are independent, so the result is the same.
   */
  private static void inBands(int rows, RowBand band) {
    int parallelism = Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, MAX_BANDS);
    if (rows < 64 || parallelism < 2) {
      band.run(0, rows);
      return;
    }
    int bands = parallelism;
    IntStream.range(0, bands)
        .parallel()
        .forEach(i -> band.run(rows * i / bands, rows * (i + 1) / bands));
  }

  private static byte clip8(int value) {
    if (value >= (1 << PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (value <= 0) {
      return 0;
    }
    return (byte) (value >> PRECISION_BITS);
  }

  static double cubic(double x) {
    double a = -0.5;
    if (x < 0) {
      x = -x;
    }
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0;
  }

  /** Pillow's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for one axis. */
  static final class Coefficients {
    final int ksize;
    final int[] bounds; // per output pixel: first source index, count
    final int[] kk; // per output pixel: ksize fixed-point weights

    private Coefficients(int ksize, int[] bounds, int[] kk) {
      this.ksize = ksize;
      this.bounds = bounds;
      this.kk = kk;
    }

    static Coefficients of(int inSize, int outSize) {
      // Pillow computes the box edges as float; 0 and inSize are exact.
      double scale = (double) ((float) inSize - 0f) / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[outSize * 2];
      int[] kk = new int[outSize * ksize];
      double[] k = new double[ksize];
      double ss = 1.0 / filterScale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        int xmin = (int) (center - support + 0.5);
        if (xmin < 0) {
          xmin = 0;
        }
        int xmax = (int) (center + support + 0.5);
        if (xmax > inSize) {
          xmax = inSize;
        }
        xmax -= xmin;
        double ww = 0;
        for (int x = 0; x < xmax; x++) {
          double w = cubic((x + xmin - center + 0.5) * ss);
          k[x] = w;
          ww += w;
        }
        for (int x = 0; x < ksize; x++) {
          double v = x < xmax ? (ww != 0 ? k[x] / ww : k[x]) : 0;
          kk[xx * ksize + x] =
              v < 0
                  ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                  : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[2 * xx] = xmin;
        bounds[2 * xx + 1] = xmax;
      }
      return new Coefficients(ksize, bounds, kk);
    }
  }
}
