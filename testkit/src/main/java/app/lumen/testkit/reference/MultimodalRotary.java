package app.lumen.testkit.reference;

/**
 * Multimodal rotary position embedding of the Qwen-VL text decoders, after transformers' {@code
 * Qwen3VLTextRotaryEmbedding} (interleaved) and Qwen2-VL's {@code apply_multimodal_rotary_pos_emb}
 * (sectioned). Immutable.
 */
final class MultimodalRotary {
  private final ReferenceConfig config;
  private final float[] invFreq;

  MultimodalRotary(ReferenceConfig config) {
    this.config = config;
    int half = config.headDim() / 2;
    invFreq = new float[half];
    for (int i = 0; i < half; i++) {
      // transformers: 1.0 / (base ** (arange(0, dim, 2).float() / dim)), in float32
      invFreq[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (float) (2 * i) / config.headDim()));
    }
  }

  /**
   * cos and sin per position, {@code [2][S][headDim]}. Qwen3-VL: {@code apply_interleaved_mrope}
   * builds one frequency row from T, overwriting slots {@code 1, 4, …} below {@code 3·section[1]}
   * with H and {@code 2, 5, …} below {@code 3·section[2]} with W; then {@code cat(freqs, freqs)}.
   * Qwen2-VL: cos/sin are built per row over the full head_dim and cut with {@code section * 2}
   * into chunks, chunk {@code i} taken from row {@code i % 3}.
   */
  double[][][] cosSin(long[][] positionIds) {
    int seq = positionIds[0].length;
    int half = config.headDim() / 2;
    int dim = config.headDim();
    int[] section = config.mropeSection();
    double[][] cos = new double[seq][dim];
    double[][] sin = new double[seq][dim];
    for (int s = 0; s < seq; s++) {
      float[][] freqs = new float[3][half];
      for (int r = 0; r < 3; r++) {
        for (int i = 0; i < half; i++) {
          freqs[r][i] = positionIds[r][s] * invFreq[i];
        }
      }
      if (config.mropeInterleaved()) {
        float[] f = freqs[0].clone();
        for (int d = 1; d <= 2; d++) {
          for (int i = d; i < section[d] * 3; i += 3) {
            f[i] = freqs[d][i];
          }
        }
        for (int j = 0; j < dim; j++) {
          cos[s][j] = Math.cos(f[j % half]);
          sin[s][j] = Math.sin(f[j % half]);
        }
      } else {
        int[] chunks = {section[0], section[1], section[2], section[0], section[1], section[2]};
        int j = 0;
        for (int c = 0; c < chunks.length; c++) {
          float[] row = freqs[c % 3];
          for (int n = 0; n < chunks[c]; n++, j++) {
            cos[s][j] = Math.cos(row[j % half]);
            sin[s][j] = Math.sin(row[j % half]);
          }
        }
      }
    }
    return new double[][][] {cos, sin};
  }

  /** {@code x·cos + rotate_half(x)·sin}, rotate_half(x) = cat(−x[half:], x[:half]). */
  static void apply(double[][] head, double[][][] cosSin) {
    int half = head.length == 0 ? 0 : head[0].length / 2;
    for (int s = 0; s < head.length; s++) {
      double[] x = head[s];
      double[] out = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        double rotated = j < half ? -x[j + half] : x[j - half];
        out[j] = x[j] * cosSin[0][s][j] + rotated * cosSin[1][s][j];
      }
      head[s] = out;
    }
  }
}
