package app.lumen.testkit.reference;

import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.internal.PackageFiles;
import app.lumen.testkit.reference.OnnxInitializers.FloatTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A plain-Java forward pass of the Qwen2-VL / Qwen2.5-VL / Qwen3-VL text decoder, written from the
 * transformers modeling code ({@code Qwen3VLTextModel}, {@code Qwen2VLModel}) in double precision,
 * for golden tests. It reads the package as a user of the files would: hyper-parameters from {@code
 * config.json}, graph paths from {@code lumen-package.json}, weights from the ONNX initializers by
 * their Hugging Face names (projection matrices stored {@code [in, out]}).
 *
 * <p>One sequence (batch 1). Immutable after loading; {@link #forward} is thread-safe. Bad packages
 * fail with {@link IllegalArgumentException} naming the file and weight.
 */
public final class ReferenceQwenVl {
  private final ReferenceConfig config;
  private final FloatTensor embedTable;
  private final Map<String, FloatTensor> weights;
  private final MultimodalRotary rotary;

  /** Logits for every input position and the cache grown by the inputs. */
  public record Output(double[][] logits, KvCache present) {}

  private ReferenceQwenVl(
      ReferenceConfig config, FloatTensor embedTable, Map<String, FloatTensor> weights) {
    this.config = config;
    this.embedTable = embedTable;
    this.weights = weights;
    this.rotary = new MultimodalRotary(config);
  }

  public static ReferenceQwenVl load(Path packageDir) throws IOException {
    ReferenceConfig config = ReferenceConfig.read(packageDir.resolve("config.json"));
    Path embedFile = PackageFiles.graph(packageDir, PackageManifest.ROLE_EMBED);
    Path decoderFile = PackageFiles.graph(packageDir, PackageManifest.ROLE_DECODER);
    FloatTensor embed = OnnxInitializers.read(embedFile).get("model.embed_tokens.weight");
    if (embed == null) {
      throw new IllegalArgumentException(embedFile + ": no model.embed_tokens.weight");
    }
    return new ReferenceQwenVl(config, embed, OnnxInitializers.read(decoderFile));
  }

  public ReferenceConfig config() {
    return config;
  }

  /** {@code embed_tokens(input_ids)}: one row of the table per id. */
  public float[][] embed(long[] ids) {
    int h = config.hiddenSize();
    float[][] out = new float[ids.length][h];
    for (int s = 0; s < ids.length; s++) {
      System.arraycopy(embedTable.values(), Math.toIntExact(ids[s] * h), out[s], 0, h);
    }
    return out;
  }

  /**
   * Runs the decoder on new positions.
   *
   * @param inputsEmbeds {@code [S][hidden]}
   * @param positionIds {@code [3][S]} (T, H, W rows)
   * @param deepstack {@code [K][S][hidden]} features added after layers 0..K-1, or null
   * @param past the cache of earlier positions ({@link KvCache#empty} at the start)
   * @param attentionMask {@code [past + S]} 1 = attend, 0 = padding; null = all ones
   */
  public Output forward(
      float[][] inputsEmbeds,
      long[][] positionIds,
      float[][][] deepstack,
      KvCache past,
      long[] attentionMask) {
    int seq = inputsEmbeds.length;
    int total = past.length() + seq;
    if (attentionMask != null && attentionMask.length != total) {
      throw new IllegalArgumentException(
          "attention mask has " + attentionMask.length + " entries, expected " + total);
    }
    double[][] hidden = new double[seq][];
    for (int s = 0; s < seq; s++) {
      hidden[s] = Linalg.toDouble(inputsEmbeds[s]);
    }
    double[][][] cosSin = rotary.cosSin(positionIds);
    int layers = config.numLayers();
    double[][][][] keys = new double[layers][][][];
    double[][][][] values = new double[layers][][][];
    for (int l = 0; l < layers; l++) {
      String p = "model.layers." + l + ".";
      double[][] residual = hidden;
      double[][] normed = rmsNorm(hidden, vector(p + "input_layernorm.weight"));
      Attention attn = attention(p + "self_attn.", normed, cosSin, past, l, attentionMask);
      keys[l] = attn.keys();
      values[l] = attn.values();
      hidden = Linalg.add(residual, attn.output());
      residual = hidden;
      normed = rmsNorm(hidden, vector(p + "post_attention_layernorm.weight"));
      hidden = Linalg.add(residual, mlp(p + "mlp.", normed));
      if (deepstack != null && l < deepstack.length) {
        // Qwen3VLTextModel._deepstack_process: hidden[visual_pos_masks] += visual_embeds[l]
        for (int s = 0; s < seq; s++) {
          for (int i = 0; i < hidden[s].length; i++) {
            hidden[s][i] += deepstack[l][s][i];
          }
        }
      }
    }
    hidden = rmsNorm(hidden, vector("model.norm.weight"));
    return new Output(lmHead(hidden), new KvCache(keys, values));
  }

  /** An attention block's output and the layer's keys/values over past + new positions. */
  /**
   * Greedy decoding as transformers' {@code generate(do_sample=False)} does it: one prefill over
   * the prompt, then one token at a time, each new token at position {@code max(prompt positions) +
   * 1 + i} on all three rows (the rope_deltas rule), no DeepStack after the prefill.
   *
   * @param promptEmbeds {@code [S][hidden]} (image rows already replaced by vision features)
   * @param positionIds {@code [3][S]}
   * @param deepstack {@code [K][S][hidden]} or null
   * @param stopIds generation ends after emitting one of these (it is included)
   * @return the generated ids, at most {@code maxNewTokens}
   */
  public long[] greedy(
      float[][] promptEmbeds,
      long[][] positionIds,
      float[][][] deepstack,
      int maxNewTokens,
      long... stopIds) {
    long next = 0;
    for (long[] row : positionIds) {
      for (long p : row) {
        next = Math.max(next, p + 1);
      }
    }
    long[] out = new long[maxNewTokens];
    Output step =
        forward(
            promptEmbeds,
            positionIds,
            deepstack,
            KvCache.empty(config.numLayers(), config.numKvHeads()),
            null);
    for (int i = 0; i < maxNewTokens; i++) {
      double[] last = step.logits()[step.logits().length - 1];
      long token = argmax(last);
      out[i] = token;
      for (long stop : stopIds) {
        if (token == stop) {
          return Arrays.copyOf(out, i + 1);
        }
      }
      if (i + 1 < maxNewTokens) {
        long pos = next + i;
        long[][] positions = {{pos}, {pos}, {pos}};
        step = forward(embed(new long[] {token}), positions, null, step.present(), null);
      }
    }
    return out;
  }

  /** Index of the largest value (the first one on ties, as torch.argmax). */
  public static int argmax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Text-only positions: {@code 0..length-1} on all three rows. */
  public static long[][] textPositions(int length) {
    long[][] p = new long[3][length];
    for (long[] row : p) {
      for (int s = 0; s < length; s++) {
        row[s] = s;
      }
    }
    return p;
  }

  private record Attention(double[][] output, double[][][] keys, double[][][] values) {}

  private Attention attention(
      String p, double[][] x, double[][][] cosSin, KvCache past, int layer, long[] mask) {
    int seq = x.length;
    int hd = config.headDim();
    int heads = config.numHeads();
    int kvHeads = config.numKvHeads();
    double[][] q = project(x, p + "q_proj");
    double[][] k = project(x, p + "k_proj");
    double[][] v = project(x, p + "v_proj");
    // [S][n·hd] → [n][S][hd]
    double[][][] qh = splitHeads(q, heads);
    double[][][] kh = splitHeads(k, kvHeads);
    double[][][] vh = splitHeads(v, kvHeads);
    if (config.qkNorm()) {
      float[] qn = vector(p + "q_norm.weight");
      float[] kn = vector(p + "k_norm.weight");
      for (double[][] head : qh) {
        normRows(head, qn);
      }
      for (double[][] head : kh) {
        normRows(head, kn);
      }
    }
    for (double[][] head : qh) {
      MultimodalRotary.apply(head, cosSin);
    }
    for (double[][] head : kh) {
      MultimodalRotary.apply(head, cosSin);
    }
    int pastLen = past.length();
    int total = pastLen + seq;
    double[][][] allK = new double[kvHeads][][];
    double[][][] allV = new double[kvHeads][][];
    for (int h = 0; h < kvHeads; h++) {
      allK[h] = Linalg.concat(past.keys()[layer][h], kh[h]);
      allV[h] = Linalg.concat(past.values()[layer][h], vh[h]);
    }

    int group = heads / kvHeads; // repeat_kv: query head h reads KV head h / group
    double scale = 1 / Math.sqrt(hd);
    double[][] context = new double[seq][heads * hd];
    for (int h = 0; h < heads; h++) {
      double[][] keysOfHead = allK[h / group];
      double[][] valuesOfHead = allV[h / group];
      for (int s = 0; s < seq; s++) {
        double[] scores = new double[total];
        boolean[] allowed = new boolean[total];
        boolean any = false;
        for (int t = 0; t < total; t++) {
          allowed[t] = t <= pastLen + s && (mask == null || mask[t] != 0);
          any |= allowed[t];
          scores[t] = Linalg.dot(qh[h][s], keysOfHead[t]) * scale;
        }
        double[] probs = new double[total];
        if (any) {
          double max = Double.NEGATIVE_INFINITY;
          for (int t = 0; t < total; t++) {
            if (allowed[t]) {
              max = Math.max(max, scores[t]);
            }
          }
          double sum = 0;
          for (int t = 0; t < total; t++) {
            probs[t] = allowed[t] ? Math.exp(scores[t] - max) : 0;
            sum += probs[t];
          }
          for (int t = 0; t < total; t++) {
            probs[t] /= sum;
          }
        } else {
          // A row with nothing to attend to (a left-padding query): a finite mask minimum makes
          // every score equal, so softmax spreads evenly, as in transformers' eager attention.
          Arrays.fill(probs, 1.0 / total);
        }
        for (int t = 0; t < total; t++) {
          for (int d = 0; d < hd; d++) {
            context[s][h * hd + d] += probs[t] * valuesOfHead[t][d];
          }
        }
      }
    }
    return new Attention(Linalg.linear(context, matrix(p + "o_proj.weight")), allK, allV);
  }

  private double[][] mlp(String p, double[][] x) {
    double[][] gate = Linalg.linear(x, matrix(p + "gate_proj.weight"));
    double[][] up = Linalg.linear(x, matrix(p + "up_proj.weight"));
    for (int s = 0; s < x.length; s++) {
      for (int i = 0; i < gate[s].length; i++) {
        double g = gate[s][i];
        gate[s][i] = g / (1 + Math.exp(-g)) * up[s][i]; // silu(gate) * up
      }
    }
    return Linalg.linear(gate, matrix(p + "down_proj.weight"));
  }

  private double[][] lmHead(double[][] x) {
    int vocab = config.vocabSize();
    int h = config.hiddenSize();
    double[][] logits = new double[x.length][vocab];
    if (config.tieWordEmbeddings()) {
      float[] e = embedTable.values();
      for (int s = 0; s < x.length; s++) {
        for (int v = 0; v < vocab; v++) {
          double sum = 0;
          for (int i = 0; i < h; i++) {
            sum += x[s][i] * e[v * h + i];
          }
          logits[s][v] = sum;
        }
      }
      return logits;
    }
    return Linalg.linear(x, matrix("lm_head.weight"));
  }

  private double[][] project(double[][] x, String name) {
    double[][] y = Linalg.linear(x, matrix(name + ".weight"));
    if (config.attentionBias()) {
      float[] b = vector(name + ".bias");
      for (double[] row : y) {
        for (int i = 0; i < row.length; i++) {
          row[i] += b[i];
        }
      }
    }
    return y;
  }

  private double[][] rmsNorm(double[][] x, float[] w) {
    double[][] out = new double[x.length][];
    for (int s = 0; s < x.length; s++) {
      out[s] = x[s].clone();
    }
    normRows(out, w);
    return out;
  }

  /** In place: {@code w · x · rsqrt(mean(x²) + eps)} per row. */
  private void normRows(double[][] rows, float[] w) {
    for (double[] x : rows) {
      double meanSquare = 0;
      for (double v : x) {
        meanSquare += v * v;
      }
      meanSquare /= x.length;
      double inv = 1 / Math.sqrt(meanSquare + config.rmsNormEps());
      for (int i = 0; i < x.length; i++) {
        x[i] = w[i] * (x[i] * inv);
      }
    }
  }

  private double[][][] splitHeads(double[][] x, int heads) {
    int hd = config.headDim();
    double[][][] out = new double[heads][x.length][hd];
    for (int s = 0; s < x.length; s++) {
      for (int h = 0; h < heads; h++) {
        System.arraycopy(x[s], h * hd, out[h][s], 0, hd);
      }
    }
    return out;
  }

  private FloatTensor matrix(String name) {
    FloatTensor t = weights.get(name);
    if (t == null || t.dims().length != 2) {
      throw new IllegalArgumentException("decoder graph has no [in, out] weight " + name);
    }
    return t;
  }

  private float[] vector(String name) {
    FloatTensor t = weights.get(name);
    if (t == null || t.dims().length != 1) {
      throw new IllegalArgumentException("decoder graph has no vector weight " + name);
    }
    return t.values();
  }
}
