package app.lumen.testkit.reference;

import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.internal.PackageFiles;
import app.lumen.testkit.reference.OnnxInitializers.FloatTensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A plain-Java forward pass of the Qwen3-VL vision tower ({@code Qwen3VLVisionModel}) and of
 * Qwen2-VL's ({@code Qwen2VisionTransformerPretrainedModel}: no position table, no patch bias,
 * QuickGELU, merger {@code ln_q}/{@code mlp}), written from the transformers modeling code in
 * double precision for golden tests, sharing nothing with the graph builder: hyper-parameters from
 * {@code config.json}'s {@code vision_config}, weights from the ONNX initializers by their Hugging
 * Face names (linear weights stored {@code [in, out]}).
 *
 * <p>Per image with patch grid {@code (t, h, w)}: patch embedding; plus the learned position table
 * interpolated bilinearly to {@code h × w} ({@code fast_pos_embed_interpolate}) in merge-window
 * order; blocks with 2D rotary attention over the whole image; DeepStack mergers after the listed
 * blocks; the final merger. Immutable; thread-safe.
 */
public final class ReferenceVision {
  /** Merged-token features of one image: {@code [tokens][out]} and {@code [K][tokens][out]}. */
  public record Output(float[][] features, float[][][] deepstack) {}

  private final Map<String, FloatTensor> w;
  private final boolean qwen3;
  private final int depth;
  private final int hidden;
  private final int heads;
  private final int merge;
  private final int gridSide;
  private final int[] deepstackIndexes;
  private final double ropeTheta = 10000.0;
  private final double eps = 1e-6;

  private ReferenceVision(
      boolean qwen3, JsonObject visionConfig, Map<String, FloatTensor> weights) {
    this.w = weights;
    this.qwen3 = qwen3;
    this.depth = visionConfig.get("depth").getAsInt();
    // Qwen2-VL names the tower's width embed_dim (its hidden_size is the decoder's).
    this.hidden = visionConfig.get(qwen3 ? "hidden_size" : "embed_dim").getAsInt();
    this.heads = visionConfig.get("num_heads").getAsInt();
    this.merge = visionConfig.get("spatial_merge_size").getAsInt();
    this.gridSide =
        qwen3
            ? (int) Math.round(Math.sqrt(visionConfig.get("num_position_embeddings").getAsInt()))
            : 0;
    JsonArray idx =
        qwen3 ? visionConfig.getAsJsonArray("deepstack_visual_indexes") : new JsonArray();
    this.deepstackIndexes = new int[idx.size()];
    for (int i = 0; i < deepstackIndexes.length; i++) {
      deepstackIndexes[i] = idx.get(i).getAsInt();
    }
  }

  /** Loads the tower of the package in {@code packageDir} (its manifest's {@code vision} graph). */
  public static ReferenceVision load(Path packageDir) throws IOException {
    JsonObject config =
        JsonParser.parseString(PackageFiles.readText(packageDir.resolve("config.json")))
            .getAsJsonObject();
    Path file = PackageFiles.graph(packageDir, PackageManifest.ROLE_VISION);
    String modelType = config.get("model_type").getAsString();
    ModelFamily family = ModelFamily.find(modelType).orElse(null);
    if (family != ModelFamily.QWEN3_VL && family != ModelFamily.QWEN2_VL) {
      throw new IllegalArgumentException(
          "the reference vision tower covers qwen3_vl and qwen2_vl, not " + modelType);
    }
    return new ReferenceVision(
        family == ModelFamily.QWEN3_VL,
        config.getAsJsonObject("vision_config"),
        OnnxInitializers.read(file));
  }

  /**
   * Encodes one image.
   *
   * @param pixelValues {@code [h·w·t][C·T·P·P]} row-major, rows in the processor's order
   * @param t frames in patches
   * @param h rows of patches
   * @param wd columns of patches
   */
  public Output encode(float[] pixelValues, int t, int h, int wd) {
    int n = t * h * wd;
    FloatTensor patch = weight("visual.patch_embed.proj.weight");
    int patchValues = (int) patch.dims()[0];
    if (pixelValues.length != (long) n * patchValues) {
      throw new IllegalArgumentException(
          "pixel_values hold " + pixelValues.length + " values, expected " + n + "x" + patchValues);
    }
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] row = new double[patchValues];
      for (int j = 0; j < patchValues; j++) {
        row[j] = pixelValues[i * patchValues + j];
      }
      x[i] = row;
    }
    if (qwen3) {
      x = affine(x, "visual.patch_embed.proj");
      double[][] pos = positionEmbedding(t, h, wd);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < hidden; j++) {
          x[i][j] += pos[i][j];
        }
      }
    } else {
      x = Linalg.linear(x, weight("visual.patch_embed.proj.weight")); // Conv3d without bias
    }
    double[][][] cosSin = rotary(t, h, wd);
    float[][][] deepstack = new float[deepstackIndexes.length][][];
    for (int b = 0; b < depth; b++) {
      x = block(b, x, cosSin);
      for (int k = 0; k < deepstackIndexes.length; k++) {
        if (deepstackIndexes[k] == b) {
          deepstack[k] = toFloat(merger("visual.deepstack_merger_list." + k + ".", x, true));
        }
      }
    }
    return new Output(toFloat(merger("visual.merger.", x, false)), deepstack);
  }

  private String mergerName(String p, String qwen3Name, String qwen2Name) {
    return p + (qwen3 || !p.equals("visual.merger.") ? qwen3Name : qwen2Name);
  }

  /** Patch positions (row, column) in the processor's row order: merge windows row-major. */
  private int[][] patchCoordinates(int t, int h, int wd) {
    int[][] coords = new int[t * h * wd][];
    int i = 0;
    for (int f = 0; f < t; f++) {
      for (int bh = 0; bh < h / merge; bh++) {
        for (int bw = 0; bw < wd / merge; bw++) {
          for (int mh = 0; mh < merge; mh++) {
            for (int mw = 0; mw < merge; mw++) {
              coords[i++] = new int[] {bh * merge + mh, bw * merge + mw};
            }
          }
        }
      }
    }
    return coords;
  }

  private double[][] positionEmbedding(int t, int h, int wd) {
    FloatTensor table = weight("visual.pos_embed.weight");
    int[][] coords = patchCoordinates(t, h, wd);
    double[][] out = new double[coords.length][hidden];
    for (int i = 0; i < coords.length; i++) {
      // torch.linspace(0, side - 1, n)[k] = k * (side - 1) / (n - 1)
      double y = h == 1 ? 0 : coords[i][0] * (gridSide - 1.0) / (h - 1);
      double x = wd == 1 ? 0 : coords[i][1] * (gridSide - 1.0) / (wd - 1);
      int y0 = (int) y;
      int x0 = (int) x;
      int y1 = Math.min(y0 + 1, gridSide - 1);
      int x1 = Math.min(x0 + 1, gridSide - 1);
      double dy = y - y0;
      double dx = x - x0;
      int[] cells = {
        y0 * gridSide + x0, y0 * gridSide + x1, y1 * gridSide + x0, y1 * gridSide + x1
      };
      double[] weights = {(1 - dy) * (1 - dx), (1 - dy) * dx, dy * (1 - dx), dy * dx};
      for (int c = 0; c < 4; c++) {
        for (int j = 0; j < hidden; j++) {
          out[i][j] += weights[c] * table.values()[cells[c] * hidden + j];
        }
      }
    }
    return out;
  }

  /** cos and sin per patch over head_dim: [row angles, column angles] twice. */
  private double[][][] rotary(int t, int h, int wd) {
    int headDim = hidden / heads;
    int dim = headDim / 2; // VisionRotaryEmbedding(head_dim // 2)
    int freqs = dim / 2;
    int[][] coords = patchCoordinates(t, h, wd);
    double[][] cos = new double[coords.length][headDim];
    double[][] sin = new double[coords.length][headDim];
    for (int i = 0; i < coords.length; i++) {
      double[] half = new double[dim];
      for (int f = 0; f < freqs; f++) {
        double inv = 1.0 / Math.pow(ropeTheta, (2.0 * f) / dim);
        half[f] = coords[i][0] * inv;
        half[freqs + f] = coords[i][1] * inv;
      }
      for (int j = 0; j < headDim; j++) {
        double angle = half[j % dim];
        cos[i][j] = Math.cos(angle);
        sin[i][j] = Math.sin(angle);
      }
    }
    return new double[][][] {cos, sin};
  }

  private double[][] block(int b, double[][] x, double[][][] cosSin) {
    String p = "visual.blocks." + b + ".";
    int n = x.length;
    int headDim = hidden / heads;
    double[][] qkv = affine(layerNorm(x, p + "norm1"), p + "attn.qkv");
    double[][] context = new double[n][hidden];
    for (int head = 0; head < heads; head++) {
      double[][] q = new double[n][];
      double[][] k = new double[n][];
      double[][] v = new double[n][];
      for (int i = 0; i < n; i++) {
        // qkv output laid out [3][heads][head_dim]
        q[i] = rope(slice(qkv[i], head * headDim, headDim), cosSin, i);
        k[i] = rope(slice(qkv[i], hidden + head * headDim, headDim), cosSin, i);
        v[i] = slice(qkv[i], 2 * hidden + head * headDim, headDim);
      }
      double scale = 1 / Math.sqrt(headDim);
      for (int i = 0; i < n; i++) {
        double[] scores = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          scores[j] = Linalg.dot(q[i], k[j]) * scale;
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j < n; j++) {
          double p2 = scores[j] / sum;
          for (int d = 0; d < headDim; d++) {
            context[i][head * headDim + d] += p2 * v[j][d];
          }
        }
      }
    }
    x = Linalg.add(x, affine(context, p + "attn.proj"));
    double[][] mid = affine(layerNorm(x, p + "norm2"), p + (qwen3 ? "mlp.linear_fc1" : "mlp.fc1"));
    for (double[] row : mid) {
      for (int j = 0; j < row.length; j++) {
        double u = row[j];
        row[j] =
            qwen3
                ? 0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u)))
                : u / (1 + Math.exp(-1.702 * u)); // quick_gelu
      }
    }
    return Linalg.add(x, affine(mid, p + (qwen3 ? "mlp.linear_fc2" : "mlp.fc2")));
  }

  private static double[] rope(double[] x, double[][][] cosSin, int i) {
    int d = x.length;
    double[] out = new double[d];
    for (int j = 0; j < d; j++) {
      double rotated = j < d / 2 ? -x[j + d / 2] : x[j - d / 2];
      out[j] = x[j] * cosSin[0][i][j] + rotated * cosSin[1][i][j];
    }
    return out;
  }

  private double[][] merger(String p, double[][] x, boolean postShuffleNorm) {
    int group = merge * merge;
    int tokens = x.length / group;
    String norm = mergerName(p, "norm", "ln_q");
    double[][] source = postShuffleNorm ? x : layerNorm(x, norm);
    double[][] merged = new double[tokens][hidden * group];
    for (int tok = 0; tok < tokens; tok++) {
      for (int g = 0; g < group; g++) {
        System.arraycopy(source[tok * group + g], 0, merged[tok], g * hidden, hidden);
      }
    }
    if (postShuffleNorm) {
      merged = layerNorm(merged, norm);
    }
    double[][] mid = affine(merged, mergerName(p, "linear_fc1", "mlp.0"));
    for (double[] row : mid) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 0.5 * row[j] * (1 + erf(row[j] / Math.sqrt(2)));
      }
    }
    return affine(mid, mergerName(p, "linear_fc2", "mlp.2"));
  }

  private double[][] layerNorm(double[][] x, String name) {
    float[] gamma = weight(name + ".weight").values();
    float[] beta = weight(name + ".bias").values();
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double mean = 0;
      for (double v : x[i]) {
        mean += v;
      }
      mean /= x[i].length;
      double var = 0;
      for (double v : x[i]) {
        var += (v - mean) * (v - mean);
      }
      var /= x[i].length;
      double inv = 1 / Math.sqrt(var + eps);
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = (x[i][j] - mean) * inv * gamma[j] + beta[j];
      }
    }
    return out;
  }

  private double[][] affine(double[][] x, String name) {
    double[][] y = Linalg.linear(x, weight(name + ".weight"));
    float[] bias = weight(name + ".bias").values();
    for (double[] row : y) {
      for (int j = 0; j < row.length; j++) {
        row[j] += bias[j];
      }
    }
    return y;
  }

  private FloatTensor weight(String name) {
    FloatTensor t = w.get(name);
    if (t == null) {
      throw new IllegalArgumentException("vision graph has no weight " + name);
    }
    return t;
  }

  private static double[] slice(double[] x, int from, int length) {
    double[] out = new double[length];
    System.arraycopy(x, from, out, 0, length);
    return out;
  }

  private static float[][] toFloat(double[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new float[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = (float) x[i][j];
      }
    }
    return out;
  }

  /**
   * erf to double precision (Abramowitz-Stegun 7.1.26 is too coarse; this is W. J. Cody's form).
   */
  public static double erf(double x) {
    // Series for small |x|, continued fraction via erfc for large |x|.
    double ax = Math.abs(x);
    double result;
    if (ax < 2.5) {
      double sum = ax;
      double term = ax;
      double x2 = ax * ax;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      result = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // Lentz continued fraction for erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
      double f = ax;
      for (int n = 60; n >= 1; n--) {
        f = ax + (n / 2.0) / f;
      }
      result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -result : result;
  }
}
