package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.OnnxGraph;

/**
 * Puts weights into a graph under construction. The graph builders say what they need (a
 * projection, a norm vector, the embedding) and an emitter decides how it is stored: float32
 * initializers in the model file for tiny packages, external data or 4-bit blocks for full-size
 * ones.
 */
public interface WeightEmitter {
  /** Emits {@code y = x · W} for the {@code [in, out]} weight {@code name}; returns y. */
  String linear(OnnxGraph g, String x, String name, int in, int out);

  /** Adds a float32 vector (norm weight, bias) and returns its initializer name. */
  String vector(OnnxGraph g, String name, int size);

  /**
   * Emits the float32 lookup {@code output = table[ids]} ({@code [B, S, hidden]}) with the {@code
   * [vocab, hidden]} embedding table; returns {@code output}.
   */
  String embeddingLookup(OnnxGraph g, String ids, String output, int vocab, int hidden);

  /**
   * Emits {@code logits = x · head} (the embedding table's transpose when tied); returns logits.
   */
  String lmHead(OnnxGraph g, String x, int hidden, int vocab);
}
