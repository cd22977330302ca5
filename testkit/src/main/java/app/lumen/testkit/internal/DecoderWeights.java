package app.lumen.testkit.internal;

/**
 * Where the graph builders get weight values from, by Hugging Face parameter name. Matrices are
 * row-major {@code [in, out]}; the embedding is {@code [vocab, hidden]}.
 */
public interface DecoderWeights {
  float[] embedding();

  float[] matrix(String name);

  float[] vector(String name);
}
