package app.lumen.cli;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.ImageInput;
import app.lumen.inference.vision.VisionModel;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The vision part of {@code lumen bench}: preprocessing (resize, hash) and encoding of a generated
 * picture of the requested size, medians over runs. Each run changes one pixel so the encoding
 * cache cannot answer.
 */
final class BenchVision {
  /** Medians in milliseconds and the plan used. */
  record Figures(double preprocessMs, double encodeMs, ImagePlan plan) {}

  private BenchVision() {}

  /** Parses {@code WxH}; null when malformed. */
  static int[] size(String text) {
    String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      int[] size = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      return parts.length == 2 && size[0] > 0 && size[1] > 0 ? size : null;
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  static Figures measure(
      Path model, EngineOptions options, int[] size, Integer budget, int hidden, int runs) {
    byte[] rgb = new byte[size[0] * size[1] * 3];
    for (int i = 0; i < rgb.length; i++) {
      int pixel = i / 3;
      rgb[i] = (byte) ((pixel % size[0]) * 255 / size[0] + (i % 3) * 40 + (pixel / size[0]) % 7);
    }
    TokenBudget tokenBudget = budget == null ? null : new TokenBudget(budget);
    double[] preprocess = new double[runs];
    double[] encode = new double[runs];
    ImagePlan plan;
    try (VisionModel vision = VisionModel.open(model, options)) {
      plan = vision.plan(size[0], size[1], tokenBudget);
      for (int r = -1; r < runs; r++) {
        rgb[0] = (byte) r; // a new picture for the cache every run
        RgbImage image = new RgbImage(size[0], size[1], rgb);
        long t0 = System.nanoTime();
        ImageInput input = vision.image(image, tokenBudget);
        long t1 = System.nanoTime();
        input.embeddings(hidden);
        long t2 = System.nanoTime();
        if (r >= 0) {
          preprocess[r] = (t1 - t0) / 1e6;
          encode[r] = (t2 - t1) / 1e6;
        }
      }
    }
    return new Figures(median(preprocess), median(encode), plan);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
