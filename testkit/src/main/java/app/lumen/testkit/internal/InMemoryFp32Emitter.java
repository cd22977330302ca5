package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.Tensor;

/** Float32 initializers inside the model file, from generated values: the tiny packages. */
public final class InMemoryFp32Emitter implements WeightEmitter {
  /** The decoder's copy of the tied embedding, transposed for MatMul. */
  public static final String LM_HEAD = "lm_head.weight";

  private final DecoderWeights weights;

  public InMemoryFp32Emitter(DecoderWeights weights) {
    this.weights = weights;
  }

  @Override
  public String linear(OnnxGraph g, String x, String name, int in, int out) {
    String w = g.initializer(Tensor.float32(name, new long[] {in, out}, weights.matrix(name)));
    return g.op("MatMul", x, w).output();
  }

  @Override
  public String vector(OnnxGraph g, String name, int size) {
    return g.initializer(Tensor.float32(name, new long[] {size}, weights.vector(name)));
  }

  @Override
  public String embeddingLookup(OnnxGraph g, String ids, String output, int vocab, int hidden) {
    String table =
        g.initializer(
            Tensor.float32(TinyWeights.EMBED, new long[] {vocab, hidden}, weights.embedding()));
    return g.op("Gather", table, ids).attr("axis", 0L).output(output);
  }

  @Override
  public String lmHead(OnnxGraph g, String x, int hidden, int vocab) {
    float[] e = weights.embedding();
    float[] t = new float[e.length];
    for (int v = 0; v < vocab; v++) {
      for (int h = 0; h < hidden; h++) {
        t[h * vocab + v] = e[v * hidden + h];
      }
    }
    String w = g.initializer(Tensor.float32(LM_HEAD, new long[] {hidden, vocab}, t));
    return g.op("MatMul", x, w).output();
  }
}
