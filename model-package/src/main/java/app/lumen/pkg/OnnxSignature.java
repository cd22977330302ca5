package app.lumen.pkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs and outputs an ONNX graph declares, with element types and shapes, read by walking its
 * protobuf as {@link OnnxGraphInputs} does: the weights are skipped, so a load can check a
 * multi-gigabyte graph's signature without an ONNX Runtime session (which would load them).
 *
 * <p>Stateless and thread-safe: each call walks its own cursor.
 */
public final class OnnxSignature {
  // Field numbers of onnx.proto3.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int TENSOR_PROTO_NAME = 8;
  private static final int VALUE_NAME = 1;
  private static final int VALUE_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_ELEM_TYPE = 1;
  private static final int TENSOR_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;

  /**
   * One declared tensor.
   *
   * @param elementType its {@code TensorProto.DataType} (0 when not a tensor or not stated)
   * @param shape each dimension's size, -1 where symbolic or unknown; empty when no shape is stated
   */
  public record Tensor(String name, int elementType, long[] shape) {}

  /** A graph's inputs (not counting weights that old exports list as inputs) and outputs. */
  public record Signature(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {}

  private OnnxSignature() {}

  /**
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a well-formed protobuf
   */
  public static Signature read(Path onnx) throws IOException {
    ProtoCursor in = ProtoCursor.map(onnx);
    List<Tensor> inputs = new ArrayList<>();
    List<Tensor> outputs = new ArrayList<>();
    Set<String> weights = new HashSet<>();
    int modelEnd = in.limit();
    while (in.position() < modelEnd) {
      long tag = in.varint(modelEnd);
      if ((tag & 7) != ProtoCursor.LENGTH_DELIMITED || tag >>> 3 != MODEL_GRAPH) {
        in.skip((int) (tag & 7), modelEnd);
        continue;
      }
      int graphEnd = in.end(in.varint(modelEnd), modelEnd);
      while (in.position() < graphEnd) {
        long field = in.varint(graphEnd);
        if ((field & 7) != ProtoCursor.LENGTH_DELIMITED) {
          in.skip((int) (field & 7), graphEnd);
          continue;
        }
        int end = in.end(in.varint(graphEnd), graphEnd);
        switch ((int) (field >>> 3)) {
          case GRAPH_INPUT -> inputs.add(valueInfo(in, end));
          case GRAPH_OUTPUT -> outputs.add(valueInfo(in, end));
          case GRAPH_INITIALIZER -> weights.add(initializerName(in, end));
          default -> in.seek(end);
        }
      }
    }
    Map<String, Tensor> in2 = new LinkedHashMap<>();
    for (Tensor tensor : inputs) {
      if (!weights.contains(tensor.name())) {
        in2.put(tensor.name(), tensor);
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Tensor tensor : outputs) {
      out.put(tensor.name(), tensor);
    }
    return new Signature(Collections.unmodifiableMap(in2), Collections.unmodifiableMap(out));
  }

  private static String initializerName(ProtoCursor in, int end) {
    String name = "";
    while (in.position() < end) {
      long tag = in.varint(end);
      if ((tag & 7) == ProtoCursor.LENGTH_DELIMITED && tag >>> 3 == TENSOR_PROTO_NAME) {
        name = in.text(in.end(in.varint(end), end));
      } else {
        in.skip((int) (tag & 7), end);
      }
    }
    return name;
  }

  /** A ValueInfoProto: name, element type and shape. */
  private static Tensor valueInfo(ProtoCursor in, int end) {
    String name = "";
    int[] type = {0};
    List<Long> dims = new ArrayList<>();
    while (in.position() < end) {
      long tag = in.varint(end);
      if ((tag & 7) != ProtoCursor.LENGTH_DELIMITED) {
        in.skip((int) (tag & 7), end);
      } else if (tag >>> 3 == VALUE_NAME) {
        name = in.text(in.end(in.varint(end), end));
      } else if (tag >>> 3 == VALUE_TYPE) {
        typeProto(in, in.end(in.varint(end), end), type, dims);
      } else {
        in.seek(in.end(in.varint(end), end));
      }
    }
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i);
    }
    return new Tensor(name, type[0], shape);
  }

  private static void typeProto(ProtoCursor in, int end, int[] type, List<Long> dims) {
    while (in.position() < end) {
      long tag = in.varint(end);
      if ((tag & 7) != ProtoCursor.LENGTH_DELIMITED || tag >>> 3 != TYPE_TENSOR) {
        in.skip((int) (tag & 7), end);
        continue;
      }
      int tensorEnd = in.end(in.varint(end), end);
      while (in.position() < tensorEnd) {
        long field = in.varint(tensorEnd);
        if (field >>> 3 == TENSOR_ELEM_TYPE && (field & 7) == ProtoCursor.VARINT) {
          type[0] = (int) in.varint(tensorEnd);
        } else if (field >>> 3 == TENSOR_SHAPE && (field & 7) == ProtoCursor.LENGTH_DELIMITED) {
          shape(in, in.end(in.varint(tensorEnd), tensorEnd), dims);
        } else {
          in.skip((int) (field & 7), tensorEnd);
        }
      }
    }
  }

  private static void shape(ProtoCursor in, int end, List<Long> dims) {
    while (in.position() < end) {
      long tag = in.varint(end);
      if ((tag & 7) != ProtoCursor.LENGTH_DELIMITED || tag >>> 3 != SHAPE_DIM) {
        in.skip((int) (tag & 7), end);
        continue;
      }
      int dimEnd = in.end(in.varint(end), end);
      long size = -1; // a dim_param or an unstated size
      while (in.position() < dimEnd) {
        long field = in.varint(dimEnd);
        if (field >>> 3 == DIM_VALUE && (field & 7) == ProtoCursor.VARINT) {
          size = in.varint(dimEnd);
        } else {
          in.skip((int) (field & 7), dimEnd);
        }
      }
      dims.add(size);
    }
  }
}
