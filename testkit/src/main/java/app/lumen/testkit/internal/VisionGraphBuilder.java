package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.Tensor;

/**
 * Builds a Qwen-VL vision encoder as one ONNX graph with the transformers.js interface: {@code
 * pixel_values} {@code [N, C·T·P·P]} and {@code image_grid_thw} ({@code grid_thw} for Qwen2-VL)
 * {@code [1, 3]} in, {@code image_features} {@code [N/merge², out_hidden]} and (Qwen3-VL) {@code
 * deepstack_features} {@code [K, N/merge², out_hidden]} out. One image per run (a grid with more
 * rows fails in a Reshape). Qwen2-VL towers skip the patch bias and the position table, use
 * QuickGELU in the blocks and name their merger {@code ln_q}/{@code mlp.0}/{@code mlp.2}.
 *
 * <p>Everything is in the graph, computed from the grid at run time with standard ONNX ops (opset
 * 17): the patch embedding (the Conv3d as a MatMul over the flattened patch), the learned position
 * embedding bilinearly interpolated from its {@code G × G} table to the patch grid (Hugging Face's
 * {@code fast_pos_embed_interpolate}: {@code linspace(0, G-1, h)}, four corners, their weights),
 * reordered into merge windows; the 2D rotary angles (patch row and column, rotate-half over {@code
 * head_dim}); the blocks (LayerNorm, qkv, full attention, tanh-GELU MLP); the DeepStack mergers
 * after the listed blocks (2×2 merge, LayerNorm over the merged vector, exact-GELU MLP); and the
 * final merger (LayerNorm per patch, then the 2×2 merge and the MLP).
 */
public final class VisionGraphBuilder {
  public static final String PIXEL_VALUES = "pixel_values";
  public static final String IMAGE_GRID_THW = "image_grid_thw";
  public static final String IMAGE_FEATURES = "image_features";
  public static final String DEEPSTACK_FEATURES = "deepstack_features";

  private final VisionArchitecture a;
  private final VisionWeights weights;
  private final OnnxGraph g = new OnnxGraph("vision_encoder");

  private VisionGraphBuilder(VisionArchitecture a, VisionWeights weights) {
    this.a = a;
    this.weights = weights;
  }

  public static OnnxGraph build(VisionArchitecture a, VisionWeights weights) {
    return new VisionGraphBuilder(a, weights).build();
  }

  private OnnxGraph build() {
    int d = a.hiddenSize();
    String pixels = g.input(PIXEL_VALUES, DataType.FLOAT, "num_patches", a.patchValues());
    String grid = g.input(a.gridInput(), DataType.INT64, "num_images", 3);

    g.scope("grid");
    String thw = g.op("Reshape", grid, g.constInt64(3)).output();
    String gh = g.op("Gather", thw, g.scalarInt64(1)).attr("axis", 0L).output();
    String gw = g.op("Gather", thw, g.scalarInt64(2)).attr("axis", 0L).output();

    g.scope("patch_embed");
    String x = matmul(pixels, VisionWeights.PATCH_WEIGHT, a.patchValues(), d);
    if (a.qwen3()) {
      x = g.op("Add", x, vector(VisionWeights.PATCH_BIAS, d)).output();
      g.scope("pos_embed");
      x = g.op("Add", x, positionEmbedding(gh, gw)).output();
    }

    g.scope("rotary");
    String[] cosSin = rotary(gh, gw);

    String[] deepstack = new String[a.deepstackIndexes().length];
    for (int i = 0; i < a.depth(); i++) {
      g.scope("blocks." + i);
      x = block(i, x, cosSin);
      for (int j = 0; j < deepstack.length; j++) {
        if (a.deepstackIndexes()[j] == i) {
          g.scope("deepstack_merger_list." + j);
          deepstack[j] = merger(VisionWeights.deepstackMerger(j), x, true);
        }
      }
    }
    g.scope("merger");
    String features = merger(VisionWeights.MERGER, x, false);

    g.op("Identity", features).output(IMAGE_FEATURES);
    g.output(IMAGE_FEATURES, DataType.FLOAT, "num_tokens", a.outHiddenSize());
    if (deepstack.length > 0) {
      String[] stacked = new String[deepstack.length];
      for (int j = 0; j < deepstack.length; j++) {
        stacked[j] = g.op("Unsqueeze", deepstack[j], g.constInt64(0)).output();
      }
      g.op("Concat", stacked).attr("axis", 0L).output(DEEPSTACK_FEATURES);
      g.output(
          DEEPSTACK_FEATURES, DataType.FLOAT, deepstack.length, "num_tokens", a.outHiddenSize());
    }
    return g;
  }

  /** The {@code [gh·gw, hidden]} interpolated position embedding in merge-window order. */
  private String positionEmbedding(String gh, String gw) {
    int side = a.gridPerSide();
    String table =
        g.initializer(
            Tensor.float32(
                VisionWeights.POS_EMBED,
                new long[] {a.numPositionEmbeddings(), a.hiddenSize()},
                weights.get(VisionWeights.POS_EMBED)));
    String[] h = linspaceCorners(gh, side); // floor, ceil (int64), fraction (float)
    String[] w = linspaceCorners(gw, side);
    String sideConst = g.scalarInt64(side);
    String hFloor =
        g.op("Unsqueeze", g.op("Mul", h[0], sideConst).output(), g.constInt64(1)).output();
    String hCeil =
        g.op("Unsqueeze", g.op("Mul", h[1], sideConst).output(), g.constInt64(1)).output();
    String wFloor = g.op("Unsqueeze", w[0], g.constInt64(0)).output();
    String wCeil = g.op("Unsqueeze", w[1], g.constInt64(0)).output();
    String one = g.scalarFloat(1f);
    String dh = g.op("Unsqueeze", h[2], g.constInt64(1)).output();
    String dw = g.op("Unsqueeze", w[2], g.constInt64(0)).output();
    String dh1 = g.op("Sub", one, dh).output();
    String dw1 = g.op("Sub", one, dw).output();
    String sum = null;
    String[][] corners = {
      {hFloor, wFloor, dh1, dw1},
      {hFloor, wCeil, dh1, dw},
      {hCeil, wFloor, dh, dw1},
      {hCeil, wCeil, dh, dw}
    };
    for (String[] c : corners) {
      String index = g.op("Add", c[0], c[1]).output(); // [gh, gw]
      String weight = g.op("Mul", c[2], c[3]).output(); // [gh, gw]
      String rows = g.op("Gather", table, index).attr("axis", 0L).output(); // [gh, gw, D]
      String term =
          g.op("Mul", rows, g.op("Unsqueeze", weight, g.constInt64(-1)).output()).output();
      sum = sum == null ? term : g.op("Add", sum, term).output();
    }
    return toWindowOrder(sum, gh, gw, a.hiddenSize());
  }

  /**
   * {@code linspace(0, side-1, n)} split into floor and ceil indices (int64, ceil capped at side-1)
   * and the fraction (float), each {@code [n]}.
   */
  private String[] linspaceCorners(String n, int side) {
    String i =
        g.op("Cast", g.op("Range", g.scalarInt64(0), n, g.scalarInt64(1)).output())
            .attr("to", (long) DataType.FLOAT.code())
            .output();
    String steps =
        g.op("Max", g.op("Sub", n, g.scalarInt64(1)).output(), g.scalarInt64(1)).output();
    String stepsF = g.op("Cast", steps).attr("to", (long) DataType.FLOAT.code()).output();
    String idx = g.op("Div", g.op("Mul", i, g.scalarFloat(side - 1)).output(), stepsF).output();
    String floorF = g.op("Floor", idx).output();
    String floor = g.op("Cast", floorF).attr("to", (long) DataType.INT64.code()).output();
    String ceil =
        g.op("Min", g.op("Add", floor, g.scalarInt64(1)).output(), g.scalarInt64(side - 1))
            .output();
    String fraction = g.op("Sub", idx, floorF).output();
    return new String[] {floor, ceil, fraction};
  }

  /** {@code [gh, gw, D]} (row-major patches) to {@code [gh·gw, D]} in merge-window order. */
  private String toWindowOrder(String x, String gh, String gw, int depth) {
    long m = a.mergeSize();
    String mh = g.op("Div", gh, g.scalarInt64(m)).output();
    String mw = g.op("Div", gw, g.scalarInt64(m)).output();
    String shape =
        g.op(
                "Concat",
                unsqueeze0(mh),
                g.constInt64(m),
                unsqueeze0(mw),
                g.constInt64(m),
                g.constInt64(depth))
            .attr("axis", 0L)
            .output();
    String blocks = g.op("Reshape", x, shape).output();
    String windows = g.op("Transpose", blocks).attrInts("perm", 0, 2, 1, 3, 4).output();
    return g.op("Reshape", windows, g.constInt64(-1, depth)).output();
  }

  /** cos and sin {@code [N, 1, head_dim]} of each patch's (row, column) in window order. */
  private String[] rotary(String gh, String gw) {
    String size = g.op("Concat", unsqueeze0(gh), unsqueeze0(gw)).attr("axis", 0L).output();
    String rows = g.op("Range", g.scalarInt64(0), gh, g.scalarInt64(1)).output();
    String cols = g.op("Range", g.scalarInt64(0), gw, g.scalarInt64(1)).output();
    String rowGrid =
        g.op("Expand", g.op("Unsqueeze", rows, g.constInt64(1)).output(), size).output();
    String colGrid =
        g.op("Expand", g.op("Unsqueeze", cols, g.constInt64(0)).output(), size).output();
    String rowF = g.op("Cast", rowGrid).attr("to", (long) DataType.FLOAT.code()).output();
    String colF = g.op("Cast", colGrid).attr("to", (long) DataType.FLOAT.code()).output();
    String rowOrder = toWindowOrder(g.op("Unsqueeze", rowF, g.constInt64(-1)).output(), gh, gw, 1);
    String colOrder = toWindowOrder(g.op("Unsqueeze", colF, g.constInt64(-1)).output(), gh, gw, 1);
    int dim = a.headDim() / 2; // Qwen3VLVisionRotaryEmbedding(head_dim // 2)
    float[] invFreq = new float[dim / 2];
    for (int k = 0; k < invFreq.length; k++) {
      invFreq[k] = (float) (1.0 / Math.pow(a.ropeTheta(), (2.0 * k) / dim));
    }
    String freqs = g.constFloat(new long[] {invFreq.length}, invFreq);
    String rowAngles = g.op("Mul", rowOrder, freqs).output(); // [N, dim/2]
    String colAngles = g.op("Mul", colOrder, freqs).output();
    String half = g.op("Concat", rowAngles, colAngles).attr("axis", -1L).output(); // [N, dim]
    String emb = g.op("Concat", half, half).attr("axis", -1L).output(); // [N, head_dim]
    String cos = g.op("Unsqueeze", g.op("Cos", emb).output(), g.constInt64(1)).output();
    String sin = g.op("Unsqueeze", g.op("Sin", emb).output(), g.constInt64(1)).output();
    return new String[] {cos, sin};
  }

  private String block(int i, String x, String[] cosSin) {
    String p = VisionWeights.block(i);
    int d = a.hiddenSize();
    int heads = a.numHeads();
    int hd = a.headDim();
    String h = layerNorm(x, p + "norm1", d);
    String qkv = linear(h, p + "attn.qkv", d, 3 * d);
    qkv = g.op("Reshape", qkv, g.constInt64(-1, 3, heads, hd)).output();
    String q = g.op("Gather", qkv, g.scalarInt64(0)).attr("axis", 1L).output(); // [N, heads, hd]
    String k = g.op("Gather", qkv, g.scalarInt64(1)).attr("axis", 1L).output();
    String v = g.op("Gather", qkv, g.scalarInt64(2)).attr("axis", 1L).output();
    q = g.op("Transpose", rotate(q, cosSin)).attrInts("perm", 1, 0, 2).output(); // [heads, N, hd]
    k = g.op("Transpose", rotate(k, cosSin)).attrInts("perm", 1, 2, 0).output(); // [heads, hd, N]
    v = g.op("Transpose", v).attrInts("perm", 1, 0, 2).output();
    String scores = g.op("MatMul", q, k).output();
    scores = g.op("Mul", scores, g.scalarFloat((float) (1 / Math.sqrt(hd)))).output();
    String probs = g.op("Softmax", scores).attr("axis", -1L).output();
    String context = g.op("MatMul", probs, v).output(); // [heads, N, hd]
    context = g.op("Transpose", context).attrInts("perm", 1, 0, 2).output();
    context = g.op("Reshape", context, g.constInt64(-1, d)).output();
    x = g.op("Add", x, linear(context, p + "attn.proj", d, d)).output();
    h = layerNorm(x, p + "norm2", d);
    String up = linear(h, p + VisionWeights.mlpIn(a), d, a.intermediateSize());
    String mid = a.qwen3() ? geluTanh(up) : quickGelu(up);
    return g.op("Add", x, linear(mid, p + VisionWeights.mlpOut(a), a.intermediateSize(), d))
        .output();
  }

  /** {@code x·cos + rotate_half(x)·sin} on {@code [N, heads, hd]}. */
  private String rotate(String x, String[] cosSin) {
    int half = a.headDim() / 2;
    String axis = g.constInt64(2);
    String first = g.op("Slice", x, g.constInt64(0), g.constInt64(half), axis).output();
    String second = g.op("Slice", x, g.constInt64(half), g.constInt64(a.headDim()), axis).output();
    String rotated = g.op("Concat", g.op("Neg", second).output(), first).attr("axis", -1L).output();
    return g.op("Add", g.op("Mul", x, cosSin[0]).output(), g.op("Mul", rotated, cosSin[1]).output())
        .output();
  }

  /**
   * A patch merger: {@code postShuffleNorm} (DeepStack) merges 2×2 windows first and normalises the
   * merged vector; the final merger normalises each patch, then merges.
   */
  private String merger(String p, String x, boolean postShuffleNorm) {
    int merged = a.hiddenSize() * a.mergeSize() * a.mergeSize();
    String y;
    boolean deepstack = !p.equals(VisionWeights.MERGER);
    String norm = deepstack ? "norm" : VisionWeights.mergerNorm(a);
    String in = deepstack ? "linear_fc1" : VisionWeights.mergerIn(a);
    String out = deepstack ? "linear_fc2" : VisionWeights.mergerOut(a);
    if (postShuffleNorm) {
      y = layerNorm(g.op("Reshape", x, g.constInt64(-1, merged)).output(), p + norm, merged);
    } else {
      y =
          g.op("Reshape", layerNorm(x, p + norm, a.hiddenSize()), g.constInt64(-1, merged))
              .output();
    }
    y = geluExact(linear(y, p + in, merged, merged));
    return linear(y, p + out, merged, a.outHiddenSize());
  }

  private String layerNorm(String x, String name, int size) {
    return g.op(
            "LayerNormalization", x, vector(name + ".weight", size), vector(name + ".bias", size))
        .attr("axis", -1L)
        .attr("epsilon", (float) a.layerNormEps())
        .output();
  }

  private String linear(String x, String name, int in, int out) {
    return g.op("Add", matmul(x, name + ".weight", in, out), vector(name + ".bias", out)).output();
  }

  private String matmul(String x, String name, int in, int out) {
    String w = g.initializer(Tensor.float32(name, new long[] {in, out}, weights.get(name)));
    return g.op("MatMul", x, w).output();
  }

  private String vector(String name, int size) {
    return g.initializer(Tensor.float32(name, new long[] {size}, weights.get(name)));
  }

  /** {@code gelu_pytorch_tanh}: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  private String geluTanh(String x) {
    String cube = g.op("Mul", g.op("Mul", x, x).output(), x).output();
    String inner = g.op("Add", x, g.op("Mul", cube, g.scalarFloat(0.044715f)).output()).output();
    String t =
        g.op("Tanh", g.op("Mul", inner, g.scalarFloat((float) Math.sqrt(2 / Math.PI))).output())
            .output();
    String onePlus = g.op("Add", t, g.scalarFloat(1f)).output();
    return g.op("Mul", g.op("Mul", x, onePlus).output(), g.scalarFloat(0.5f)).output();
  }

  /** Qwen2-VL's {@code quick_gelu}: x·sigmoid(1.702·x). */
  private String quickGelu(String x) {
    String s = g.op("Sigmoid", g.op("Mul", x, g.scalarFloat(1.702f)).output()).output();
    return g.op("Mul", x, s).output();
  }

  /** {@code nn.GELU()}: 0.5·x·(1 + erf(x/√2)). */
  private String geluExact(String x) {
    String e =
        g.op("Erf", g.op("Mul", x, g.scalarFloat((float) (1 / Math.sqrt(2)))).output()).output();
    String onePlus = g.op("Add", e, g.scalarFloat(1f)).output();
    return g.op("Mul", g.op("Mul", x, onePlus).output(), g.scalarFloat(0.5f)).output();
  }

  private String unsqueeze0(String scalar) {
    return g.op("Unsqueeze", scalar, g.constInt64(0)).output();
  }
}
