package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;

/**
 * Builds the Qwen-VL text decoder as one ONNX graph with the transformers.js / Optimum interface
 * ({@code decoder_model_merged}): embeddings in, logits and the grown KV cache out.
 *
 * <p>Only standard ONNX ops (opset 17), so any runtime can execute it. Per layer: RMSNorm, q/k/v
 * projections (+ biases for Qwen2), per-head QK RMSNorm (Qwen3), M-RoPE, grouped-query attention
 * over past + new keys with a causal and padding mask, o_proj, RMSNorm, SwiGLU MLP; then DeepStack
 * feature {@code i} is added after layer {@code i} (Qwen3-VL); final RMSNorm and the tied head.
 */
public final class DecoderGraphBuilder {
  public static final String INPUTS_EMBEDS = "inputs_embeds";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String POSITION_IDS = "position_ids";
  public static final String DEEPSTACK_EMBEDS = "deepstack_embeds";
  public static final String LOGITS = "logits";

  public static final String BATCH = "batch_size";
  public static final String SEQUENCE = "sequence_length";
  public static final String PAST_SEQUENCE = "past_sequence_length";
  public static final String TOTAL_SEQUENCE = "total_sequence_length";

  /** The fill for masked attention scores: finite, so a fully masked row gives no NaN. */
  private static final float MASKED_SCORE = -Float.MAX_VALUE;

  public static String pastKey(int layer) {
    return "past_key_values." + layer + ".key";
  }

  public static String pastValue(int layer) {
    return "past_key_values." + layer + ".value";
  }

  public static String presentKey(int layer) {
    return "present." + layer + ".key";
  }

  public static String presentValue(int layer) {
    return "present." + layer + ".value";
  }

  private final TextArchitecture a;
  private final WeightEmitter weights;
  private final OnnxGraph g = new OnnxGraph("decoder_model_merged");

  private DecoderGraphBuilder(TextArchitecture a, WeightEmitter weights) {
    this.a = a;
    this.weights = weights;
  }

  public static OnnxGraph build(TextArchitecture a, WeightEmitter weights) {
    return new DecoderGraphBuilder(a, weights).build();
  }

  private OnnxGraph build() {
    int hd = a.headDim();
    String x = g.input(INPUTS_EMBEDS, DataType.FLOAT, BATCH, SEQUENCE, a.hiddenSize());
    String mask = g.input(ATTENTION_MASK, DataType.INT64, BATCH, TOTAL_SEQUENCE);
    String positions = g.input(POSITION_IDS, DataType.INT64, 3, BATCH, SEQUENCE);
    for (int i = 0; i < a.numLayers(); i++) {
      g.input(pastKey(i), DataType.FLOAT, BATCH, a.numKvHeads(), PAST_SEQUENCE, hd);
      g.input(pastValue(i), DataType.FLOAT, BATCH, a.numKvHeads(), PAST_SEQUENCE, hd);
    }
    String deepstack = null;
    if (a.deepstackLayers() > 0) {
      deepstack =
          g.input(
              DEEPSTACK_EMBEDS,
              DataType.FLOAT,
              a.deepstackLayers(),
              BATCH,
              SEQUENCE,
              a.hiddenSize());
    }

    g.scope("rotary");
    String[] cosSin = rotaryCosSin(positions);
    g.scope("mask");
    String allowed = attentionAllowed(mask, pastKey(0));

    for (int i = 0; i < a.numLayers(); i++) {
      g.scope("layers." + i);
      x = decoderLayer(i, x, cosSin, allowed);
      if (deepstack != null && i < a.deepstackLayers()) {
        // Qwen3-VL DeepStack: the visual features of ViT level i join the residual stream after
        // decoder layer i. The input is zero at text rows, so adding everywhere is the same.
        String feature = g.op("Gather", deepstack, g.scalarInt64(i)).attr("axis", 0L).output();
        x = g.op("Add", x, feature).output();
      }
    }
    g.scope("head");
    x = rmsNorm(x, weights.vector(g, TinyWeights.NORM, a.hiddenSize()));
    String logits = weights.lmHead(g, x, a.hiddenSize(), a.vocabSize());
    g.op("Identity", logits).output(LOGITS);
    g.output(LOGITS, DataType.FLOAT, BATCH, SEQUENCE, a.vocabSize());
    for (int i = 0; i < a.numLayers(); i++) {
      g.output(presentKey(i), DataType.FLOAT, BATCH, a.numKvHeads(), TOTAL_SEQUENCE, hd);
      g.output(presentValue(i), DataType.FLOAT, BATCH, a.numKvHeads(), TOTAL_SEQUENCE, hd);
    }
    return g;
  }

  private String decoderLayer(int i, String x, String[] cosSin, String allowed) {
    String p = TinyWeights.layer(i);
    String h = rmsNorm(x, weights.vector(g, p + "input_layernorm.weight", a.hiddenSize()));
    String attn = attention(i, h, cosSin, allowed);
    x = g.op("Add", x, attn).output();
    h = rmsNorm(x, weights.vector(g, p + "post_attention_layernorm.weight", a.hiddenSize()));
    return g.op("Add", x, swiGlu(p, h)).output();
  }

  private String attention(int layer, String h, String[] cosSin, String allowed) {
    String p = TinyWeights.layer(layer) + "self_attn.";
    int hd = a.headDim();
    String q = heads(projection(h, p + "q_proj", a.numHeads() * hd), a.numHeads());
    String k = heads(projection(h, p + "k_proj", a.numKvHeads() * hd), a.numKvHeads());
    String v = heads(projection(h, p + "v_proj", a.numKvHeads() * hd), a.numKvHeads());
    if (a.qkNorm()) {
      // Qwen3: RMSNorm over each head's vector, before RoPE; v is left alone.
      q = rmsNorm(q, weights.vector(g, p + "q_norm.weight", hd));
      k = rmsNorm(k, weights.vector(g, p + "k_norm.weight", hd));
    }
    q = rotate(toHeadMajor(q), cosSin);
    k = rotate(toHeadMajor(k), cosSin);
    v = toHeadMajor(v);

    String keys = g.op("Concat", pastKey(layer), k).attr("axis", 2L).output(presentKey(layer));
    String values =
        g.op("Concat", pastValue(layer), v).attr("axis", 2L).output(presentValue(layer));

    // Grouped-query attention without copying the cache: query heads are grouped by the KV head
    // they share ([B, kvH, group, S, hd]) and keys/values get a broadcast axis of size 1.
    String q5 = g.op("Reshape", q, g.constInt64(0, a.numKvHeads(), a.groupSize(), -1, hd)).output();
    String k5 = g.op("Unsqueeze", keys, g.constInt64(2)).output();
    String v5 = g.op("Unsqueeze", values, g.constInt64(2)).output();
    String kT = g.op("Transpose", k5).attrInts("perm", 0, 1, 2, 4, 3).output();
    String scores = g.op("MatMul", q5, kT).output();
    scores = g.op("Mul", scores, g.scalarFloat((float) (1 / Math.sqrt(hd)))).output();
    scores = g.op("Where", allowed, scores, g.scalarFloat(MASKED_SCORE)).output();
    String probs = g.op("Softmax", scores).attr("axis", -1L).output();
    String context = g.op("MatMul", probs, v5).output(); // [B, kvH, group, S, hd]
    context = g.op("Reshape", context, g.constInt64(0, a.numHeads(), -1, hd)).output();
    context = g.op("Transpose", context).attrInts("perm", 0, 2, 1, 3).output();
    context = g.op("Reshape", context, g.constInt64(0, 0, a.numHeads() * hd)).output();
    return weights.linear(g, context, p + "o_proj.weight", a.numHeads() * hd, a.hiddenSize());
  }

  private String projection(String h, String name, int out) {
    String y = weights.linear(g, h, name + ".weight", a.hiddenSize(), out);
    if (a.qkvBias()) {
      y = g.op("Add", y, weights.vector(g, name + ".bias", out)).output();
    }
    return y;
  }

  /** [B, S, n·hd] → [B, S, n, hd]. */
  private String heads(String x, int n) {
    return g.op("Reshape", x, g.constInt64(0, 0, n, a.headDim())).output();
  }

  /** [B, S, n, hd] → [B, n, S, hd]. */
  private String toHeadMajor(String x) {
    return g.op("Transpose", x).attrInts("perm", 0, 2, 1, 3).output();
  }

  private String swiGlu(String p, String h) {
    int in = a.hiddenSize();
    int mid = a.intermediateSize();
    String gate = weights.linear(g, h, p + "mlp.gate_proj.weight", in, mid);
    String up = weights.linear(g, h, p + "mlp.up_proj.weight", in, mid);
    String silu = g.op("Mul", gate, g.op("Sigmoid", gate).output()).output();
    String act = g.op("Mul", silu, up).output();
    return weights.linear(g, act, p + "mlp.down_proj.weight", mid, in);
  }

  /** RMSNorm over the last axis: {@code w · x / sqrt(mean(x²) + eps)}. */
  private String rmsNorm(String x, String weight) {
    String meanSquare =
        g.op("ReduceMean", g.op("Mul", x, x).output())
            .attrInts("axes", -1)
            .attr("keepdims", 1L)
            .output();
    String rms =
        g.op("Sqrt", g.op("Add", meanSquare, g.scalarFloat((float) a.rmsNormEps())).output())
            .output();
    return g.op("Mul", g.op("Div", x, rms).output(), weight).output();
  }

  /**
   * M-RoPE angles from {@code position_ids [3, B, S]}: each frequency slot takes its angle from one
   * position row (T, H or W) as the family's section map says; returns cos and sin shaped {@code
   * [B, 1, S, hd]} (the two halves repeat, for rotate-half application).
   */
  private String[] rotaryCosSin(String positions) {
    int half = a.headDim() / 2;
    float[] invFreq = new float[half];
    for (int i = 0; i < half; i++) {
      // StrictMath: Math.pow may differ by an ulp between JVMs, and these constants are written
      // into the graph, which must be byte-identical everywhere for a given seed.
      invFreq[i] = (float) (1.0 / StrictMath.pow(a.ropeTheta(), (2.0 * i) / a.headDim()));
    }
    // selector[r][i] = 1 when slot i reads row r: a product with it and a sum over the rows
    // picks one row per slot exactly (the other terms are zeros).
    float[] selector = new float[3 * half];
    int[] rowOfSlot = MropeLayout.rowOfSlot(a.mropeSection(), a.mropeInterleaved());
    for (int i = 0; i < half; i++) {
      selector[rowOfSlot[i] * half + i] = 1f;
    }
    String pos = g.op("Cast", positions).attr("to", (long) DataType.FLOAT.code()).output();
    pos = g.op("Unsqueeze", pos, g.constInt64(-1)).output(); // [3, B, S, 1]
    String freqs = g.op("Mul", pos, g.constFloat(new long[] {half}, invFreq)).output();
    String picked = g.op("Mul", freqs, g.constFloat(new long[] {3, 1, 1, half}, selector)).output();
    String angles =
        g.op("ReduceSum", picked, g.constInt64(0)).attr("keepdims", 0L).output(); // [B, S, half]
    String emb = g.op("Concat", angles, angles).attr("axis", -1L).output();
    String cos = g.op("Unsqueeze", g.op("Cos", emb).output(), g.constInt64(1)).output();
    String sin = g.op("Unsqueeze", g.op("Sin", emb).output(), g.constInt64(1)).output();
    return new String[] {cos, sin};
  }

  /** {@code x·cos + rotate_half(x)·sin} on {@code [B, n, S, hd]}. */
  private String rotate(String x, String[] cosSin) {
    int half = a.headDim() / 2;
    String axis = g.constInt64(3);
    String first = g.op("Slice", x, g.constInt64(0), g.constInt64(half), axis).output();
    String second = g.op("Slice", x, g.constInt64(half), g.constInt64(a.headDim()), axis).output();
    String rotated = g.op("Concat", g.op("Neg", second).output(), first).attr("axis", -1L).output();
    String a1 = g.op("Mul", x, cosSin[0]).output();
    String a2 = g.op("Mul", rotated, cosSin[1]).output();
    return g.op("Add", a1, a2).output();
  }

  /**
   * Which keys each query may see, {@code [B, 1, 1, S, T]} bool: key j ≤ the query's absolute
   * position (past length + row) and {@code attention_mask[b, j] == 1}. T is the mask's length,
   * which must equal past + new (a mismatch fails loudly in the Where broadcast).
   */
  private String attentionAllowed(String mask, String pastKey) {
    String total = g.op("Shape", mask).attr("start", 1L).attr("end", 2L).output();
    String past = g.op("Shape", pastKey).attr("start", 2L).attr("end", 3L).output();
    String zeroAxis = g.constInt64(0);
    total = g.op("Squeeze", total, zeroAxis).output();
    past = g.op("Squeeze", past, zeroAxis).output();
    String one = g.scalarInt64(1);
    String keyPos = g.op("Range", g.scalarInt64(0), total, one).output(); // [T]
    String queryPos = g.op("Range", past, total, one).output(); // [S]
    String causal =
        g.op(
                "LessOrEqual",
                g.op("Unsqueeze", keyPos, g.constInt64(0)).output(),
                g.op("Unsqueeze", queryPos, g.constInt64(1)).output())
            .output(); // [S, T]
    String keep = g.op("Cast", mask).attr("to", (long) DataType.BOOL.code()).output();
    keep = g.op("Unsqueeze", keep, g.constInt64(1, 2, 3)).output(); // [B, 1, 1, 1, T]
    return g.op("And", causal, keep).output();
  }
}
