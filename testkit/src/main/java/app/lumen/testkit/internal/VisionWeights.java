package app.lumen.testkit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeded random weights of a tiny Qwen3-VL vision tower, under Hugging Face's parameter names
 * ({@code visual.…}). Linear weights are stored {@code [in, out]} (for MatMul); the patch embedding
 * is the Conv3d kernel flattened in {@code (channel, frame, y, x)} order, which is the order of a
 * {@code pixel_values} row, and then transposed to {@code [C·T·P·P, hidden]}.
 */
public final class VisionWeights {
  private static final float SQRT3 = (float) Math.sqrt(3);

  private final Map<String, float[]> values = new LinkedHashMap<>();

  private VisionWeights() {}

  public static final String PATCH_WEIGHT = "visual.patch_embed.proj.weight";
  public static final String PATCH_BIAS = "visual.patch_embed.proj.bias";
  public static final String POS_EMBED = "visual.pos_embed.weight";

  public static String block(int i) {
    return "visual.blocks." + i + ".";
  }

  public static String deepstackMerger(int i) {
    return "visual.deepstack_merger_list." + i + ".";
  }

  public static final String MERGER = "visual.merger.";

  /** Every weight in a fixed order from {@code seed}. */
  public static VisionWeights generate(VisionArchitecture a, long seed) {
    VisionWeights w = new VisionWeights();
    SeededRandom rng = new SeededRandom(seed ^ 0x5EED_0F_715101L);
    int d = a.hiddenSize();
    w.uniform(
        rng, PATCH_WEIGHT, (long) a.patchValues() * d, (float) (1 / Math.sqrt(a.patchValues())));
    if (a.qwen3()) {
      w.uniform(rng, PATCH_BIAS, d, 0.1f);
      w.uniform(rng, POS_EMBED, (long) a.numPositionEmbeddings() * d, 0.5f);
    }
    for (int i = 0; i < a.depth(); i++) {
      String p = block(i);
      w.layerNorm(rng, p + "norm1", d);
      w.linear(rng, p + "attn.qkv", d, 3 * d);
      w.linear(rng, p + "attn.proj", d, d);
      w.layerNorm(rng, p + "norm2", d);
      w.linear(rng, p + mlpIn(a), d, a.intermediateSize());
      w.linear(rng, p + mlpOut(a), a.intermediateSize(), d);
    }
    int merged = d * a.mergeSize() * a.mergeSize();
    for (int i = 0; i < a.deepstackIndexes().length; i++) {
      String p = deepstackMerger(i);
      w.layerNorm(rng, p + "norm", merged);
      w.linear(rng, p + "linear_fc1", merged, merged);
      w.linear(rng, p + "linear_fc2", merged, a.outHiddenSize());
    }
    w.layerNorm(rng, MERGER + mergerNorm(a), d);
    w.linear(rng, MERGER + mergerIn(a), merged, merged);
    w.linear(rng, MERGER + mergerOut(a), merged, a.outHiddenSize());
    return w;
  }

  /** Block MLP and merger parameter names, which differ between the generations. */
  public static String mlpIn(VisionArchitecture a) {
    return a.qwen3() ? "mlp.linear_fc1" : "mlp.fc1";
  }

  public static String mlpOut(VisionArchitecture a) {
    return a.qwen3() ? "mlp.linear_fc2" : "mlp.fc2";
  }

  public static String mergerNorm(VisionArchitecture a) {
    return a.qwen3() ? "norm" : "ln_q";
  }

  public static String mergerIn(VisionArchitecture a) {
    return a.qwen3() ? "linear_fc1" : "mlp.0";
  }

  public static String mergerOut(VisionArchitecture a) {
    return a.qwen3() ? "linear_fc2" : "mlp.2";
  }

  public float[] get(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no generated vision weight named " + name);
    }
    return v;
  }

  public Map<String, float[]> all() {
    return Collections.unmodifiableMap(values);
  }

  private void linear(SeededRandom rng, String name, int in, int out) {
    uniform(rng, name + ".weight", (long) in * out, (float) (1 / Math.sqrt(in)));
    uniform(rng, name + ".bias", out, 0.1f);
  }

  private void layerNorm(SeededRandom rng, String name, int size) {
    float[] weight = new float[size];
    for (int i = 0; i < size; i++) {
      weight[i] = 1f + rng.uniform(0.2f);
    }
    values.put(name + ".weight", weight);
    uniform(rng, name + ".bias", size, 0.1f);
  }

  private void uniform(SeededRandom rng, String name, long count, float std) {
    float[] v = new float[Math.toIntExact(count)];
    float limit = std * SQRT3;
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.uniform(limit);
    }
    values.put(name, v);
  }
}
