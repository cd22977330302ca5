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

  /** Adds the {@code [vocab, hidden]} embedding table and returns its initializer name. */
  String embedding(OnnxGraph g, int vocab, int hidden);

  /** Emits {@code logits = x · Eᵀ} with the (tied) embedding table E; returns logits. */
  String lmHead(OnnxGraph g, String x, int hidden, int vocab);
}
