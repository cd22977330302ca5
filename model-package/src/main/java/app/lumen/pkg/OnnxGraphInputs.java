package app.lumen.pkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The element types of an ONNX graph's inputs, read by walking its protobuf as {@link
 * OnnxExternalData} does: the weights are skipped, not read, so asking a multi-gigabyte graph what
 * its cache inputs hold costs a few pages instead of an ONNX Runtime session.
 *
 * <p>Stateless and thread-safe: each call walks its own cursor.
 */
public final class OnnxGraphInputs {
  /** {@code TensorProto.DataType} values of the floating-point types exports use. */
  public static final int FLOAT = 1;

  public static final int FLOAT16 = 10;
  public static final int DOUBLE = 11;
  public static final int BFLOAT16 = 16;

  // Field numbers of onnx.proto3: ModelProto.graph, GraphProto.input, ValueInfoProto.name/type,
  // TypeProto.tensor_type, TypeProto.Tensor.elem_type.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INPUT = 11;
  private static final int VALUE_NAME = 1;
  private static final int VALUE_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_ELEM_TYPE = 1;

  private OnnxGraphInputs() {}

  /**
   * Each input of {@code onnx}'s main graph with its {@code TensorProto.DataType} ({@link #FLOAT},
   * {@link #FLOAT16}, ...; 0 for an input that is not a tensor or states no type), in graph order.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a well-formed protobuf
   */
  public static Map<String, Integer> elementTypes(Path onnx) throws IOException {
    ProtoCursor in = ProtoCursor.map(onnx);
    Map<String, Integer> types = new LinkedHashMap<>();
    int modelEnd = in.limit();
    while (in.position() < modelEnd) {
      int graphEnd = field(in, modelEnd, MODEL_GRAPH);
      if (graphEnd < 0) {
        continue;
      }
      while (in.position() < graphEnd) {
        int inputEnd = field(in, graphEnd, GRAPH_INPUT);
        if (inputEnd >= 0) {
          input(in, inputEnd, types);
        }
      }
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

  /** A ValueInfoProto up to {@code end}: its name and its tensor's element type. */
  private static void input(ProtoCursor in, int end, Map<String, Integer> types) {
    String name = null;
    int type = 0;
    while (in.position() < end) {
      long tag = in.varint(end);
      if ((tag & 7) != ProtoCursor.LENGTH_DELIMITED) {
        in.skip((int) (tag & 7), end);
      } else if (tag >>> 3 == VALUE_NAME) {
        name = in.text(in.end(in.varint(end), end));
      } else if (tag >>> 3 == VALUE_TYPE) {
        type = elementType(in, in.end(in.varint(end), end));
      } else {
        in.seek(in.end(in.varint(end), end));
      }
    }
    if (name != null) {
      types.put(name, type);
    }
  }

  /** The element type of a TypeProto up to {@code end} holding a tensor type; 0 otherwise. */
  private static int elementType(ProtoCursor in, int end) {
    int type = 0;
    while (in.position() < end) {
      int tensorEnd = field(in, end, TYPE_TENSOR);
      if (tensorEnd < 0) {
        continue;
      }
      while (in.position() < tensorEnd) {
        long tag = in.varint(tensorEnd);
        if (tag >>> 3 == TENSOR_ELEM_TYPE && (tag & 7) == ProtoCursor.VARINT) {
          type = (int) in.varint(tensorEnd);
        } else {
          in.skip((int) (tag & 7), tensorEnd);
        }
      }
    }
    return type;
  }

  /**
   * Reads one field up to {@code to}: when it is the length-delimited field {@code wanted}, returns
   * the end of its value with the position at its start; otherwise skips it and returns -1.
   */
  private static int field(ProtoCursor in, int to, int wanted) {
    long tag = in.varint(to);
    int wire = (int) (tag & 7);
    if (wire == ProtoCursor.LENGTH_DELIMITED && tag >>> 3 == wanted) {
      return in.end(in.varint(to), to);
    }
    in.skip(wire, to);
    return -1;
  }
}
