package app.lumen.testkit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import app.lumen.testkit.reference.ReferenceConfig;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a generated package's embed and decoder graphs in ONNX Runtime with plain arrays in and out,
 * batch-major: {@code [B][S][…]}. The KV cache is kept as flat float arrays with shapes.
 */
final class OrtDecoder implements AutoCloseable {
  static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  final OrtSession embed;
  final OrtSession decoder;
  final int layers;
  final int kvHeads;
  final int headDim;
  final int hidden;

  /** One layer's key or value cache: {@code [B, kvHeads, T, headDim]}. */
  record Cache(float[][] keys, float[][] values, int batch, int length) {}

  record Step(float[][][] logits, Cache present) {}

  OrtDecoder(Path dir, ReferenceConfig c) throws OrtException {
    this(dir, TinyPackageGenerator.EMBED_GRAPH, TinyPackageGenerator.DECODER_GRAPH, c);
  }

  OrtDecoder(Path dir, String embedGraph, String decoderGraph, ReferenceConfig c)
      throws OrtException {
    this.embed = ENV.createSession(dir.resolve(embedGraph).toString());
    this.decoder = ENV.createSession(dir.resolve(decoderGraph).toString());
    this.layers = c.numLayers();
    this.kvHeads = c.numKvHeads();
    this.headDim = c.headDim();
    this.hidden = c.hiddenSize();
  }

  float[][][] embed(long[][] ids) throws OrtException {
    int b = ids.length;
    int s = ids[0].length;
    long[] flat = new long[b * s];
    for (int i = 0; i < b; i++) {
      System.arraycopy(ids[i], 0, flat, i * s, s);
    }
    try (OnnxTensor t = OnnxTensor.createTensor(ENV, LongBuffer.wrap(flat), new long[] {b, s});
        OrtSession.Result r = embed.run(Map.of("input_ids", t))) {
      return (float[][][]) r.get(0).getValue();
    }
  }

  Cache emptyCache(int batch) {
    return new Cache(new float[layers][0], new float[layers][0], batch, 0);
  }

  /**
   * @param positions {@code [3][B][S]}
   * @param deepstack {@code [K][B][S][H]} or null when the graph has no such input
   */
  Step run(
      float[][][] embeds, long[][] mask, long[][][] positions, float[][][][] deepstack, Cache past)
      throws OrtException {
    int b = embeds.length;
    int s = embeds[0].length;
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("inputs_embeds", floats(flatten(embeds), b, s, hidden));
      long[] m = new long[b * mask[0].length];
      for (int i = 0; i < b; i++) {
        System.arraycopy(mask[i], 0, m, i * mask[0].length, mask[0].length);
      }
      in.put(
          "attention_mask",
          OnnxTensor.createTensor(ENV, LongBuffer.wrap(m), new long[] {b, mask[0].length}));
      long[] p = new long[3 * b * s];
      for (int r = 0; r < 3; r++) {
        for (int i = 0; i < b; i++) {
          System.arraycopy(positions[r][i], 0, p, (r * b + i) * s, s);
        }
      }
      in.put(
          "position_ids", OnnxTensor.createTensor(ENV, LongBuffer.wrap(p), new long[] {3, b, s}));
      for (int l = 0; l < layers; l++) {
        in.put(
            "past_key_values." + l + ".key",
            floats(past.keys()[l], b, kvHeads, past.length(), headDim));
        in.put(
            "past_key_values." + l + ".value",
            floats(past.values()[l], b, kvHeads, past.length(), headDim));
      }
      if (deepstack != null) {
        int k = deepstack.length;
        float[] d = new float[k * b * s * hidden];
        int at = 0;
        for (float[][][] level : deepstack) {
          float[] f = flatten(level);
          System.arraycopy(f, 0, d, at, f.length);
          at += f.length;
        }
        in.put("deepstack_embeds", floats(d, k, b, s, hidden));
      }
      try (OrtSession.Result r = decoder.run(in)) {
        float[][][] logits = (float[][][]) r.get("logits").orElseThrow().getValue();
        float[][] keys = new float[layers][];
        float[][] values = new float[layers][];
        for (int l = 0; l < layers; l++) {
          keys[l] = read((OnnxTensor) r.get("present." + l + ".key").orElseThrow());
          values[l] = read((OnnxTensor) r.get("present." + l + ".value").orElseThrow());
        }
        return new Step(logits, new Cache(keys, values, b, past.length() + s));
      }
    } finally {
      for (OnnxTensor t : in.values()) {
        t.close();
      }
    }
  }

  private static float[] read(OnnxTensor t) {
    FloatBuffer fb = t.getFloatBuffer();
    float[] a = new float[fb.remaining()];
    fb.get(a);
    return a;
  }

  private static OnnxTensor floats(float[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
  }

  static float[] flatten(float[][][] x) {
    int n = 0;
    for (float[][] a : x) {
      for (float[] row : a) {
        n += row.length;
      }
    }
    float[] out = new float[n];
    int at = 0;
    for (float[][] a : x) {
      for (float[] row : a) {
        System.arraycopy(row, 0, out, at, row.length);
        at += row.length;
      }
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    embed.close();
    decoder.close();
  }
}
