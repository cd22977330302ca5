package app.lumen.cli;

import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.PreprocessedImage;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import app.lumen.vision.jvm.ImageIoDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Prints how long the vision preprocessing takes for a 12 MP JPEG (a generated 4000×3000 photo-like
 * picture, or {@code --image FILE}) at 256 and 1,024 image tokens: JPEG decode (full and planned
 * subsampling) separately from resize + normalise + patchify, medians of several runs after a
 * warm-up, and the peak extra heap of the preprocessing step.
 *
 * <p>{@code java -cp cli/target/lumen-cli.jar app.lumen.cli.VisionPreprocessBenchmark [--image
 * FILE] [--runs N]}
 */
public final class VisionPreprocessBenchmark {
  private VisionPreprocessBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = null;
    int runs = 7;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--image" -> file = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: VisionPreprocessBenchmark [--image FILE] [--runs N]");
          System.exit(2);
        }
      }
    }
    byte[] jpeg = file != null ? Files.readAllBytes(file) : syntheticJpeg(4000, 3000);
    String name = file != null ? file.toString() : "generated 4000x3000 JPEG";
    ImagePreprocessor preprocessor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);

    double[] decode = new double[runs];
    RgbImage full = null;
    for (int r = -1; r < runs; r++) {
      long t0 = System.nanoTime();
      full = ImageIoDecoder.decode(jpeg, name, null);
      if (r >= 0) {
        decode[r] = ms(t0);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s (%d bytes): %dx%d; %d cores, load average %.1f%n",
        name,
        jpeg.length,
        full.width(),
        full.height(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(
        Locale.ROOT,
        "JPEG decode, full resolution: %.1f ms (fastest run %.1f ms)%n",
        median(decode),
        Arrays.stream(decode).min().orElse(0));

    for (TokenBudget budget : new TokenBudget[] {TokenBudget.MEDIUM, TokenBudget.HIGH}) {
      ImagePlan plan = preprocessor.plan(full.width(), full.height(), budget);
      double[] resize = new double[runs];
      double[] patchify = new double[runs];
      double[] subsampledDecode = new double[runs];
      double[] subsampledPreprocess = new double[runs];
      long peak = 0;
      RgbImage sub = null;
      for (int r = -2; r < runs; r++) {
        long base = heapBaseline();
        long t0 = System.nanoTime();
        RgbImage resized = preprocessor.resize(full, plan);
        long t1 = System.nanoTime();
        PreprocessedImage pre = preprocessor.preprocess(resized, plan);
        long t2 = System.nanoTime();
        peak = Math.max(peak, heapPeak() - base);
        if (pre.pixelValues().length == 0) {
          throw new AssertionError();
        }
        long t3 = System.nanoTime();
        sub = ImageIoDecoder.decode(jpeg, name, plan);
        long t4 = System.nanoTime();
        preprocessor.preprocess(sub, plan);
        long t5 = System.nanoTime();
        if (r >= 0) {
          resize[r] = (t1 - t0) / 1e6;
          patchify[r] = (t2 - t1) / 1e6;
          subsampledDecode[r] = (t4 - t3) / 1e6;
          subsampledPreprocess[r] = (t5 - t4) / 1e6;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%4d-token budget -> %dx%d, %d tokens: resize %.1f ms + normalise/patchify %.1f ms"
              + " = %.1f ms (fastest run %.1f ms); peak extra heap %.1f MB%n",
          budget.tokens(),
          plan.resizedWidth(),
          plan.resizedHeight(),
          plan.tokens(),
          median(resize),
          median(patchify),
          median(resize) + median(patchify),
          fastestSum(resize, patchify),
          peak / 1e6);
      System.out.printf(
          Locale.ROOT,
          "      planned subsampled decode to %dx%d: decode %.1f ms, then preprocess %.1f ms%n",
          sub.width(),
          sub.height(),
          median(subsampledDecode),
          median(subsampledPreprocess));
    }
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  /** The fastest run's total: the closest figure to an idle machine on a shared one. */
  private static double fastestSum(double[] a, double[] b) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < a.length; i++) {
      best = Math.min(best, a[i] + b[i]);
    }
    return best;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Heap in use after a collection, with the pools' peaks reset to it. */
  private static long heapBaseline() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }

  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** A photo-like picture: smooth light, soft shapes, fine texture and sensor noise. */
  static byte[] syntheticJpeg(int w, int h) throws Exception {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(12);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double light = 0.5 + 0.5 * Math.sin(x / 700.0) * Math.cos(y / 500.0);
        double texture = 0.08 * Math.sin(x / 3.0 + y / 7.0);
        boolean disc = Math.hypot(x - w * 0.6, y - h * 0.45) < h * 0.2;
        int r = clamp((disc ? 0.85 : light) * 255 + texture * 255 + random.nextGaussian() * 3);
        int g = clamp((disc ? 0.3 : light * 0.8) * 255 + random.nextGaussian() * 3);
        int b =
            clamp((disc ? 0.2 : 1 - light * 0.6) * 255 - texture * 255 + random.nextGaussian() * 3);
        row[x] = r << 16 | g << 8 | b;
      }
      image.setRGB(0, y, w, 1, row, 0, w);
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
