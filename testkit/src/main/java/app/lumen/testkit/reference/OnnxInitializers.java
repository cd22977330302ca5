package app.lumen.testkit.reference;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float initializers of an ONNX model file by decoding its protobuf directly (ModelProto
 * → GraphProto → TensorProto), including tensors kept in external data files. Only what the
 * reference needs: float32 and float16 tensors, raw or {@code float_data}.
 *
 * <p>Stateless; throws {@link IOException} for unreadable files and {@link
 * IllegalArgumentException} naming the file and tensor for content it cannot decode.
 */
public final class OnnxInitializers {
  private OnnxInitializers() {}

  /** A float tensor as read: shape and row-major values (float16 widened). */
  public record FloatTensor(long[] dims, float[] values) {}

  public static Map<String, FloatTensor> read(Path model) throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (Field f : fields(bytes, 0, bytes.length)) {
      if (f.number == 7) { // ModelProto.graph
        for (Field g : fields(bytes, f.start, f.end)) {
          if (g.number == 5) { // GraphProto.initializer
            decodeTensor(model, bytes, g, out);
          }
        }
      }
    }
    return out;
  }

  private static void decodeTensor(Path model, byte[] b, Field tensor, Map<String, FloatTensor> out)
      throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = null;
    byte[] raw = null;
    List<Float> floatData = new ArrayList<>();
    Map<String, String> external = new HashMap<>();
    for (Field f : fields(b, tensor.start, tensor.end)) {
      switch (f.number) {
        case 1 -> {
          if (f.wire == 2) { // packed dims
            int[] at = {f.start};
            while (at[0] < f.end) {
              dims.add(varint(b, at));
            }
          } else {
            dims.add(f.value);
          }
        }
        case 2 -> dataType = (int) f.value;
        case 4 -> {
          ByteBuffer fb = ByteBuffer.wrap(b, f.start, f.end - f.start);
          fb.order(ByteOrder.LITTLE_ENDIAN);
          while (fb.remaining() >= 4) {
            floatData.add(fb.getFloat());
          }
        }
        case 8 -> name = new String(b, f.start, f.end - f.start, StandardCharsets.UTF_8);
        case 9 -> {
          raw = new byte[f.end - f.start];
          System.arraycopy(b, f.start, raw, 0, raw.length);
        }
        case 13 -> {
          String key = null;
          String value = null;
          for (Field e : fields(b, f.start, f.end)) {
            String s = new String(b, e.start, e.end - e.start, StandardCharsets.UTF_8);
            if (e.number == 1) {
              key = s;
            } else if (e.number == 2) {
              value = s;
            }
          }
          external.put(key, value);
        }
        default -> {}
      }
    }
    if (dataType != 1 && dataType != 10) {
      return; // not a float tensor (shapes, indices): the reference has no use for it
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    int elementSize = dataType == 1 ? 4 : 2;
    if (!external.isEmpty()) {
      raw = readExternal(model, name, external, count * elementSize);
    }
    float[] values = new float[Math.toIntExact(count)];
    if (raw != null) {
      if (raw.length != count * elementSize) {
        throw new IllegalArgumentException(
            model
                + ": tensor "
                + name
                + " has "
                + raw.length
                + " bytes, expected "
                + count * elementSize);
      }
      ByteBuffer rb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < values.length; i++) {
        values[i] = dataType == 1 ? rb.getFloat() : halfToFloat(rb.getShort());
      }
    } else {
      if (floatData.size() != count) {
        throw new IllegalArgumentException(model + ": tensor " + name + " has no data");
      }
      for (int i = 0; i < values.length; i++) {
        values[i] = floatData.get(i);
      }
    }
    out.put(name, new FloatTensor(shape, values));
  }

  private static byte[] readExternal(Path model, String name, Map<String, String> ext, long length)
      throws IOException {
    String location = ext.get("location");
    if (location == null || location.contains("..") || location.startsWith("/")) {
      throw new IllegalArgumentException(model + ": tensor " + name + ": bad location " + location);
    }
    long offset = Long.parseLong(ext.getOrDefault("offset", "0"));
    byte[] data = new byte[Math.toIntExact(length)];
    try (RandomAccessFile f = new RandomAccessFile(model.resolveSibling(location).toFile(), "r")) {
      f.seek(offset);
      f.readFully(data);
    }
    return data;
  }

  private static float halfToFloat(short h) {
    int sign = (h & 0x8000) != 0 ? -1 : 1;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      return sign * mant * 0x1p-24f;
    }
    if (exp == 31) {
      return mant == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
    }
    return sign * (1 + mant / 1024f) * (float) Math.pow(2, exp - 15);
  }

  /** One protobuf field: its number, wire type, and either a varint value or a byte range. */
  private record Field(int number, int wire, long value, int start, int end) {}

  private static List<Field> fields(byte[] b, int start, int end) {
    List<Field> out = new ArrayList<>();
    int[] at = {start};
    while (at[0] < end) {
      long tag = varint(b, at);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> out.add(new Field(number, wire, varint(b, at), 0, 0));
        case 1 -> {
          out.add(new Field(number, wire, 0, at[0], at[0] + 8));
          at[0] += 8;
        }
        case 2 -> {
          int len = Math.toIntExact(varint(b, at));
          out.add(new Field(number, wire, 0, at[0], at[0] + len));
          at[0] += len;
        }
        case 5 -> {
          out.add(new Field(number, wire, 0, at[0], at[0] + 4));
          at[0] += 4;
        }
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
      }
    }
    return out;
  }

  private static long varint(byte[] b, int[] at) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[at[0]++];
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("malformed varint");
  }
}
