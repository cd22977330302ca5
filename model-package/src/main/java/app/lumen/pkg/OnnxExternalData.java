package app.lumen.pkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The external data files an ONNX graph reads its tensors from (the {@code location} of every
 * tensor stored with {@code data_location = EXTERNAL}), found by walking the protobuf without
 * decoding weights: initializers, sparse initializers, and tensors and subgraphs inside node
 * attributes. ONNX Runtime opens those files next to the graph, so a package must list them.
 *
 * <p>Thread-safe: each call walks its own copy of the position.
 */
public final class OnnxExternalData {
  // Field numbers of onnx.proto3 (ModelProto, GraphProto, NodeProto, AttributeProto, ...).
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_FUNCTIONS = 25;
  private static final int FUNCTION_NODE = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_SPARSE_INITIALIZER = 15;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int ATTRIBUTE_TENSOR = 5;
  private static final int ATTRIBUTE_GRAPH = 6;
  private static final int ATTRIBUTE_TENSORS = 10;
  private static final int ATTRIBUTE_GRAPHS = 11;
  private static final int ATTRIBUTE_SPARSE_TENSOR = 22;
  private static final int ATTRIBUTE_SPARSE_TENSORS = 23;
  private static final int SPARSE_VALUES = 1;
  private static final int SPARSE_INDICES = 2;
  private static final int TENSOR_EXTERNAL_DATA = 13;
  private static final int TENSOR_DATA_LOCATION = 14;
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;
  private static final int EXTERNAL = 1;

  /** Nesting deeper than this is not a real model (and must not overflow the stack). */
  private static final int MAX_DEPTH = 64;

  private enum Kind {
    MODEL,
    FUNCTION,
    GRAPH,
    NODE,
    ATTRIBUTE,
    SPARSE,
    TENSOR
  }

  private final ProtoCursor in;
  private final Set<String> found = new LinkedHashSet<>();

  private OnnxExternalData(ProtoCursor in) {
    this.in = in;
  }

  /**
   * The {@code location}s of {@code onnx}'s external tensors, as written (relative to the graph's
   * folder), each once, in file order.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a well-formed protobuf (ONNX Runtime would not
   *     load it either)
   */
  public static List<String> locations(Path onnx) throws IOException {
    OnnxExternalData walk = new OnnxExternalData(ProtoCursor.map(onnx));
    walk.message(walk.in.limit(), Kind.MODEL, 0);
    return new ArrayList<>(walk.found);
  }

  /** Reads the fields of a {@code kind} message from the position up to {@code to}. */
  private void message(int to, Kind kind, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("protobuf nested deeper than " + MAX_DEPTH);
    }
    String location = null;
    boolean external = false;
    while (in.position() < to) {
      long tag = in.varint(to);
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (wire == ProtoCursor.VARINT && kind == Kind.TENSOR && field == TENSOR_DATA_LOCATION) {
        external = in.varint(to) == EXTERNAL;
      } else if (wire == ProtoCursor.LENGTH_DELIMITED) {
        int end = in.end(in.varint(to), to);
        Kind child = child(kind, field);
        if (child != null) {
          message(end, child, depth + 1);
        } else if (kind == Kind.TENSOR && field == TENSOR_EXTERNAL_DATA) {
          String value = locationEntry(end);
          location = value != null ? value : location;
        }
        in.seek(end);
      } else {
        in.skip(wire, to);
      }
    }
    if (external && location != null) {
      found.add(location);
    }
  }

  /** The message type of field {@code field} of a {@code kind}, or null for anything else. */
  private static Kind child(Kind kind, int field) {
    return switch (kind) {
      case MODEL ->
          field == MODEL_GRAPH ? Kind.GRAPH : field == MODEL_FUNCTIONS ? Kind.FUNCTION : null;
      case FUNCTION -> field == FUNCTION_NODE ? Kind.NODE : null;
      case GRAPH ->
          field == GRAPH_NODE
              ? Kind.NODE
              : field == GRAPH_INITIALIZER
                  ? Kind.TENSOR
                  : field == GRAPH_SPARSE_INITIALIZER ? Kind.SPARSE : null;
      case NODE -> field == NODE_ATTRIBUTE ? Kind.ATTRIBUTE : null;
      case ATTRIBUTE ->
          switch (field) {
            case ATTRIBUTE_TENSOR, ATTRIBUTE_TENSORS -> Kind.TENSOR;
            case ATTRIBUTE_GRAPH, ATTRIBUTE_GRAPHS -> Kind.GRAPH;
            case ATTRIBUTE_SPARSE_TENSOR, ATTRIBUTE_SPARSE_TENSORS -> Kind.SPARSE;
            default -> null;
          };
      case SPARSE -> field == SPARSE_VALUES || field == SPARSE_INDICES ? Kind.TENSOR : null;
      case TENSOR -> null;
    };
  }

  /** The value of an external_data entry up to {@code to} whose key is "location", else null. */
  private String locationEntry(int to) {
    String key = null;
    String value = null;
    while (in.position() < to) {
      long tag = in.varint(to);
      if ((tag & 7) != ProtoCursor.LENGTH_DELIMITED) {
        throw new IllegalArgumentException("malformed external_data entry");
      }
      String text = in.text(in.end(in.varint(to), to));
      if (tag >>> 3 == ENTRY_KEY) {
        key = text;
      } else if (tag >>> 3 == ENTRY_VALUE) {
        value = text;
      }
    }
    return "location".equals(key) ? value : null;
  }
}
