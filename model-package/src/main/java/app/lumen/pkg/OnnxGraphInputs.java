package app.lumen.pkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The element types of an ONNX graph's inputs, read from its {@link OnnxSignature}: the weights are
 * skipped, not read, so asking a multi-gigabyte graph what its cache inputs hold costs a few pages
 * instead of an ONNX Runtime session.
 *
 * <p>Stateless and thread-safe: each call walks its own cursor.
 */
public final class OnnxGraphInputs {
  /** {@code TensorProto.DataType} values of the floating-point types exports use. */
  public static final int FLOAT = 1;

  public static final int FLOAT16 = 10;
  public static final int DOUBLE = 11;
  public static final int BFLOAT16 = 16;

  private OnnxGraphInputs() {}

  /**
   * Each input of {@code onnx}'s main graph with its {@code TensorProto.DataType} ({@link #FLOAT},
   * {@link #FLOAT16}, ...; 0 for an input that is not a tensor or states no type), in graph order.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a well-formed protobuf
   */
  public static Map<String, Integer> elementTypes(Path onnx) throws IOException {
    Map<String, Integer> types = new LinkedHashMap<>();
    for (OnnxSignature.Tensor input : OnnxSignature.read(onnx).inputs().values()) {
      types.put(input.name(), input.elementType());
    }
    return Collections.unmodifiableMap(types);
  }

  /** Bytes of one element of {@code type}; 0 for a type this class does not size. */
  public static int elementBytes(int type) {
    return switch (type) {
      case FLOAT -> 4;
      case FLOAT16, BFLOAT16 -> 2;
      case DOUBLE -> 8;
      default -> 0;
    };
  }
}
