package app.lumen.testkit.internal;

import app.lumen.testkit.Quantization;
import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.Half;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import app.lumen.testkit.onnx.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Full-size random weights written to an external data file, fast: each distinct (type, scale) gets
 * one 16 MiB pool of seeded random values, and every tensor of that kind is the pool repeated from
 * a random start. Benchmarks need the real sizes and memory traffic, not unique values.
 *
 * <p>Projections by {@link Quantization}: float32 MatMul; float16 + Cast + MatMul; or MatMulNBits
 * (4 or 8 bits, blocks of 32, accuracy level 4, default zero point). Norm weights and biases stay
 * float32 inside the model file. Not thread-safe.
 */
public final class SyntheticWeightEmitter implements WeightEmitter {
  private static final int POOL_BYTES = 16 << 20;
  private static final int BLOCK_SIZE = 32;

  /** int8 compute inside MatMulNBits, as CPU int4 exports configure it. */
  private static final long ACCURACY_LEVEL = 4;

  private final Quantization quantization;
  private final ExternalDataWriter data;
  private final SeededRandom rng;
  private final Map<String, byte[]> pools = new HashMap<>();

  /** Size for a pool created now: the tensor being written, capped (small models stay fast). */
  private int nextPoolBytes = POOL_BYTES;

  public SyntheticWeightEmitter(Quantization quantization, ExternalDataWriter data, long seed) {
    this.quantization = quantization;
    this.data = data;
    this.rng = new SeededRandom(seed);
  }

  @Override
  public String linear(OnnxGraph g, String x, String name, int in, int out) {
    float std = (float) (1 / Math.sqrt(in));
    switch (quantization) {
      case FP32 -> {
        String w =
            external(
                g,
                name,
                DataType.FLOAT,
                sized(new long[] {in, out}, DataType.FLOAT),
                floatPool(std));
        return g.op("MatMul", x, w).output();
      }
      case FP16 -> {
        String w =
            external(
                g,
                name,
                DataType.FLOAT16,
                sized(new long[] {in, out}, DataType.FLOAT16),
                halfPool(std));
        String wide = g.op("Cast", w).attr("to", (long) DataType.FLOAT.code()).output();
        return g.op("MatMul", x, wide).output();
      }
      default -> {
        int bits = quantization == Quantization.INT4 ? 4 : 8;
        int blocks = (in + BLOCK_SIZE - 1) / BLOCK_SIZE;
        int blob = BLOCK_SIZE * bits / 8;
        String b =
            external(
                g,
                name,
                DataType.UINT8,
                sized(new long[] {out, blocks, blob}, DataType.UINT8),
                bytePool());
        // Uniform codes around the default zero point have std √((2^(2·bits) − 1)/12).
        double codeStd = Math.sqrt(((1L << (2 * bits)) - 1) / 12.0);
        float scale = (float) (std / codeStd);
        String scales =
            external(
                g,
                name + "_scales",
                DataType.FLOAT,
                new long[] {(long) out * blocks},
                constantPool(scale));
        return g.op("MatMulNBits", x, b, scales)
            .domain(OnnxModel.MICROSOFT_DOMAIN)
            .attr("K", (long) in)
            .attr("N", (long) out)
            .attr("bits", (long) bits)
            .attr("block_size", (long) BLOCK_SIZE)
            .attr("accuracy_level", ACCURACY_LEVEL)
            .output();
      }
    }
  }

  @Override
  public String vector(OnnxGraph g, String name, int size) {
    float[] v = new float[size];
    boolean bias = name.endsWith(".bias");
    for (int i = 0; i < size; i++) {
      v[i] = bias ? rng.uniform(0.17f) : 1f + rng.uniform(0.2f);
    }
    return g.initializer(Tensor.float32(name, new long[] {size}, v));
  }

  @Override
  public String embeddingLookup(OnnxGraph g, String ids, String output, int vocab, int hidden) {
    long[] dims = {vocab, hidden};
    if (quantization == Quantization.FP32) {
      String table =
          external(
              g, TinyWeights.EMBED, DataType.FLOAT, sized(dims, DataType.FLOAT), floatPool(0.5f));
      return g.op("Gather", table, ids).attr("axis", 0L).output(output);
    }
    // A float16 table (what published exports ship), widened after the lookup so only the
    // gathered rows are converted.
    String table =
        external(
            g, TinyWeights.EMBED, DataType.FLOAT16, sized(dims, DataType.FLOAT16), halfPool(0.5f));
    String rows = g.op("Gather", table, ids).attr("axis", 0L).output();
    return g.op("Cast", rows).attr("to", (long) DataType.FLOAT.code()).output(output);
  }

  @Override
  public String lmHead(OnnxGraph g, String x, int hidden, int vocab) {
    return linear(g, x, "lm_head.weight", hidden, vocab);
  }

  /** Sizes the pool for a tensor of {@code dims} (call before creating its pool). */
  private long[] sized(long[] dims, DataType type) {
    long bytes = Tensor.elementCount(dims) * type.bytesPerElement();
    nextPoolBytes = (int) Math.min(POOL_BYTES, (bytes + 7) / 8 * 8);
    return dims;
  }

  private String external(OnnxGraph g, String name, DataType type, long[] dims, byte[] pool) {
    long length = Tensor.elementCount(dims) * type.bytesPerElement();
    int elementSize = type.bytesPerElement();
    int start = rng.nextInt(pool.length / elementSize) * elementSize;
    try {
      Tensor.ExternalData where = data.append(length, new PoolSource(pool, start));
      return g.initializer(Tensor.external(name, type, dims, where));
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + name, e);
    }
  }

  /** Cycles through a pool from a start offset. */
  private static final class PoolSource implements ExternalDataWriter.ByteSource {
    private final byte[] pool;
    private int at;

    PoolSource(byte[] pool, int start) {
      this.pool = pool;
      this.at = start;
    }

    @Override
    public void fill(ByteBuffer out) {
      while (out.hasRemaining()) {
        int n = Math.min(out.remaining(), pool.length - at);
        out.put(pool, at, n);
        at = (at + n) % pool.length;
      }
    }
  }

  private byte[] floatPool(float std) {
    return pools.computeIfAbsent(
        "f32:" + std,
        k -> {
          ByteBuffer b = ByteBuffer.allocate(nextPoolBytes).order(ByteOrder.LITTLE_ENDIAN);
          float limit = (float) (std * Math.sqrt(3));
          while (b.hasRemaining()) {
            b.putFloat(rng.uniform(limit));
          }
          return b.array();
        });
  }

  private byte[] halfPool(float std) {
    return pools.computeIfAbsent(
        "f16:" + std,
        k -> {
          ByteBuffer b = ByteBuffer.allocate(nextPoolBytes).order(ByteOrder.LITTLE_ENDIAN);
          float limit = (float) (std * Math.sqrt(3));
          while (b.hasRemaining()) {
            b.putShort(Half.fromFloat(rng.uniform(limit)));
          }
          return b.array();
        });
  }

  private byte[] bytePool() {
    return pools.computeIfAbsent(
        "u8",
        k -> {
          byte[] b = new byte[nextPoolBytes];
          for (int i = 0; i < b.length; i += 8) {
            long r = rng.nextLong();
            for (int j = 0; j < 8; j++) {
              b[i + j] = (byte) (r >>> (8 * j));
            }
          }
          return b;
        });
  }

  /** A small pool of one repeated float (the per-block scales). */
  private byte[] constantPool(float value) {
    return pools.computeIfAbsent(
        "const:" + value,
        k -> {
          ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
          while (b.hasRemaining()) {
            b.putFloat(value);
          }
          return b.array();
        });
  }
}
