package app.lumen.testkit.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named constant tensor: an initializer or a tensor attribute. Its data is either held in memory
 * (little-endian {@code raw_data}) or stored in an external data file next to the model.
 *
 * <p>Immutable apart from the raw array, which callers must not change after handing it over.
 */
public final class Tensor {
  private final String name;
  private final DataType type;
  private final long[] dims;
  private final byte[] raw;
  private final ExternalData external;

  /** Where an externally stored tensor's bytes live, relative to the model file's folder. */
  public record ExternalData(String location, long offset, long length) {
    public ExternalData {
      Objects.requireNonNull(location, "location");
    }
  }

  private Tensor(String name, DataType type, long[] dims, byte[] raw, ExternalData external) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.dims = dims.clone();
    this.raw = raw;
    this.external = external;
    long bytes = elementCount(dims) * type.bytesPerElement();
    long actual = raw != null ? raw.length : external.length();
    if (bytes != actual) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + ": shape "
              + Arrays.toString(dims)
              + " of "
              + type
              + " needs "
              + bytes
              + " bytes, got "
              + actual);
    }
  }

  /** A tensor whose data is the given little-endian bytes. */
  public static Tensor raw(String name, DataType type, long[] dims, byte[] littleEndian) {
    return new Tensor(name, type, dims, Objects.requireNonNull(littleEndian, "data"), null);
  }

  /** A tensor stored in an external data file (the ONNX external data convention). */
  public static Tensor external(String name, DataType type, long[] dims, ExternalData where) {
    return new Tensor(name, type, dims, null, Objects.requireNonNull(where, "external"));
  }

  public static Tensor float32(String name, long[] dims, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return raw(name, DataType.FLOAT, dims, b.array());
  }

  /** Float16 tensor; values are rounded to the nearest half-precision number. */
  public static Tensor float16(String name, long[] dims, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(Half.fromFloat(v));
    }
    return raw(name, DataType.FLOAT16, dims, b.array());
  }

  public static Tensor int64(String name, long[] dims, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return raw(name, DataType.INT64, dims, b.array());
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  public long[] dims() {
    return dims.clone();
  }

  /** The in-memory bytes, or null for an external tensor. */
  public byte[] rawData() {
    return raw;
  }

  /** Where the data is stored, or null for an in-memory tensor. */
  public ExternalData externalData() {
    return external;
  }

  /** The same data under another name. */
  public Tensor renamed(String newName) {
    return new Tensor(newName, type, dims, raw, external);
  }

  public static long elementCount(long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  ProtoWriter toProto() {
    ProtoWriter p = new ProtoWriter();
    // TensorProto: dims=1, data_type=2, name=8, raw_data=9, external_data=13, data_location=14.
    p.packedInt64(1, dims);
    p.varint(2, type.code());
    p.string(8, name);
    if (raw != null) {
      p.bytes(9, raw);
    } else {
      p.message(13, entry("location", external.location()));
      p.message(13, entry("offset", Long.toString(external.offset())));
      p.message(13, entry("length", Long.toString(external.length())));
      p.varint(14, 1); // DataLocation.EXTERNAL
    }
    return p;
  }

  static ProtoWriter entry(String key, String value) {
    return new ProtoWriter().string(1, key).string(2, value);
  }
}
