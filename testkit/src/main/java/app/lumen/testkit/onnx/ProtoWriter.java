package app.lumen.testkit.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes protobuf wire format: the handful of field kinds ONNX's messages use. Nested messages are
 * written by serialising them first (another {@code ProtoWriter}) and then embedding the bytes,
 * which is what protobuf's length-prefixed encoding requires.
 *
 * <p>Not thread-safe. Fields come out in call order, so the same calls give the same bytes.
 */
final class ProtoWriter {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LENGTH_DELIMITED = 2;
  private static final int WIRE_FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtoWriter varint(int field, long value) {
    tag(field, WIRE_VARINT);
    rawVarint(value);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, WIRE_LENGTH_DELIMITED);
    rawVarint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  ProtoWriter message(int field, ProtoWriter message) {
    return bytes(field, message.toByteArray());
  }

  ProtoWriter float32(int field, float value) {
    tag(field, WIRE_FIXED32);
    int bits = Float.floatToIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write((bits >>> (8 * i)) & 0xff);
    }
    return this;
  }

  ProtoWriter double64(int field, double value) {
    tag(field, WIRE_FIXED64);
    long bits = Double.doubleToLongBits(value);
    for (int i = 0; i < 8; i++) {
      out.write((int) ((bits >>> (8 * i)) & 0xff));
    }
    return this;
  }

  /** A packed repeated int64 field (proto3 default for repeated scalars, accepted by proto2). */
  ProtoWriter packedInt64(int field, long[] values) {
    ProtoWriter packed = new ProtoWriter();
    for (long v : values) {
      packed.rawVarint(v);
    }
    return bytes(field, packed.toByteArray());
  }

  /** A packed repeated float field. */
  ProtoWriter packedFloat(int field, float[] values) {
    ProtoWriter packed = new ProtoWriter();
    for (float v : values) {
      int bits = Float.floatToIntBits(v);
      for (int i = 0; i < 4; i++) {
        packed.out.write((bits >>> (8 * i)) & 0xff);
      }
    }
    return bytes(field, packed.toByteArray());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  /** Negative values take ten bytes, as protobuf encodes int64 (two's complement, unsigned). */
  private void rawVarint(long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
