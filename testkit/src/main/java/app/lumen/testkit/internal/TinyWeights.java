package app.lumen.testkit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeded random weights for a {@link TextArchitecture}, under Hugging Face parameter names.
 * Projection matrices are stored as {@code [in, out]} (the layout {@code MatMul} wants; Hugging
 * Face keeps {@code [out, in]}).
 *
 * <p>Scales keep activations near unit size through the layers, so logits are neither flat nor
 * saturated: projections are uniform with standard deviation {@code 1/sqrt(in)}, norm weights are
 * {@code 1 ± 0.2}, the embedding has standard deviation 0.15 (the tied head then gives logits with
 * a spread of about one unit, so the package's own sampling settings give varied, seed-dependent
 * tokens while greedy decoding still has clear winners).
 */
public final class TinyWeights implements DecoderWeights {
  private static final float SQRT3 = (float) Math.sqrt(3);

  private final Map<String, float[]> values = new LinkedHashMap<>();

  private TinyWeights() {}

  /** Generates every weight in a fixed order from {@code seed}. */
  public static TinyWeights generate(TextArchitecture a, long seed) {
    TinyWeights w = new TinyWeights();
    SeededRandom rng = new SeededRandom(seed);
    int h = a.hiddenSize();
    int q = a.numHeads() * a.headDim();
    int kv = a.numKvHeads() * a.headDim();
    w.uniform(rng, EMBED, (long) a.vocabSize() * h, 0.15f);
    for (int i = 0; i < a.numLayers(); i++) {
      String p = layer(i);
      w.normWeight(rng, p + "input_layernorm.weight", h);
      w.projection(rng, p + "self_attn.q_proj.weight", h, q);
      w.projection(rng, p + "self_attn.k_proj.weight", h, kv);
      w.projection(rng, p + "self_attn.v_proj.weight", h, kv);
      if (a.qkvBias()) {
        w.uniform(rng, p + "self_attn.q_proj.bias", q, 0.1f);
        w.uniform(rng, p + "self_attn.k_proj.bias", kv, 0.1f);
        w.uniform(rng, p + "self_attn.v_proj.bias", kv, 0.1f);
      }
      if (a.qkNorm()) {
        w.normWeight(rng, p + "self_attn.q_norm.weight", a.headDim());
        w.normWeight(rng, p + "self_attn.k_norm.weight", a.headDim());
      }
      w.projection(rng, p + "self_attn.o_proj.weight", q, h);
      w.normWeight(rng, p + "post_attention_layernorm.weight", h);
      w.projection(rng, p + "mlp.gate_proj.weight", h, a.intermediateSize());
      w.projection(rng, p + "mlp.up_proj.weight", h, a.intermediateSize());
      w.projection(rng, p + "mlp.down_proj.weight", a.intermediateSize(), h);
    }
    w.normWeight(rng, NORM, h);
    return w;
  }

  public static final String EMBED = "model.embed_tokens.weight";
  public static final String NORM = "model.norm.weight";

  public static String layer(int i) {
    return "model.layers." + i + ".";
  }

  public float[] get(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no generated weight named " + name);
    }
    return v;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Map<String, float[]> all() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public float[] embedding() {
    return get(EMBED);
  }

  @Override
  public float[] matrix(String name) {
    return get(name);
  }

  @Override
  public float[] vector(String name) {
    return get(name);
  }

  /** Multiplies one row of the embedding table (one token's vector, {@code hidden} wide). */
  public void scaleEmbeddingRow(int token, int hidden, float factor) {
    float[] table = get(EMBED);
    for (int i = token * hidden; i < (token + 1) * hidden; i++) {
      table[i] *= factor;
    }
  }

  private void projection(SeededRandom rng, String name, int in, int out) {
    uniform(rng, name, (long) in * out, (float) (1 / Math.sqrt(in)));
  }

  private void normWeight(SeededRandom rng, String name, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = 1f + rng.uniform(0.2f);
    }
    values.put(name, v);
  }

  /** Uniform with the given standard deviation (half-width std·√3). */
  private void uniform(SeededRandom rng, String name, long count, float std) {
    float[] v = new float[Math.toIntExact(count)];
    float limit = std * SQRT3;
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.uniform(limit);
    }
    values.put(name, v);
  }
}
