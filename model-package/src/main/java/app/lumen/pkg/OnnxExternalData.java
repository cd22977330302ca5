package app.lumen.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  private final ByteBuffer bytes;
  private final Set<String> found = new LinkedHashSet<>();

  /** The read position; one walk per instance, so no sharing between threads. */
  private int at;

  private OnnxExternalData(ByteBuffer bytes) {
    this.bytes = bytes;
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
    try (FileChannel channel = FileChannel.open(onnx, StandardOpenOption.READ)) {
      // Mapped, so skipping the weights of a graph that embeds them reads none of their pages.
      OnnxExternalData walk =
          new OnnxExternalData(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
      walk.message(walk.bytes.limit(), Kind.MODEL, 0);
      return new ArrayList<>(walk.found);
    }
  }

  /** Reads the fields of a {@code kind} message from {@link #at} up to {@code to}. */
  private void message(int to, Kind kind, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("protobuf nested deeper than " + MAX_DEPTH);
    }
    String location = null;
    boolean external = false;
    while (at < to) {
      long tag = varint(to);
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> {
          long value = varint(to);
          if (kind == Kind.TENSOR && field == TENSOR_DATA_LOCATION) {
            external = value == EXTERNAL;
          }
        }
        case 1 -> at = end(8, to);
        case 5 -> at = end(4, to);
        case 2 -> {
          int end = end(varint(to), to);
          Kind child = child(kind, field);
          if (child != null) {
            message(end, child, depth + 1);
          } else if (kind == Kind.TENSOR && field == TENSOR_EXTERNAL_DATA) {
            String value = locationEntry(end);
            location = value != null ? value : location;
          }
          at = end;
        }
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
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
    while (at < to) {
      long tag = varint(to);
      if ((tag & 7) != 2) {
        throw new IllegalArgumentException("malformed external_data entry");
      }
      int end = end(varint(to), to);
      byte[] text = new byte[end - at];
      for (int i = 0; i < text.length; i++) {
        text[i] = bytes.get(at + i); // absolute bulk get needs a newer Android than ours
      }
      if (tag >>> 3 == ENTRY_KEY) {
        key = new String(text, StandardCharsets.UTF_8);
      } else if (tag >>> 3 == ENTRY_VALUE) {
        value = new String(text, StandardCharsets.UTF_8);
      }
      at = end;
    }
    return "location".equals(key) ? value : null;
  }

  private long varint(int to) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= to) {
        throw new IllegalArgumentException("truncated protobuf varint");
      }
      byte x = bytes.get(at++);
      value |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("protobuf varint longer than 10 bytes");
  }

  /** The end of a field of {@code length} bytes starting at {@link #at}. */
  private int end(long length, int to) {
    if (length < 0 || length > to - at) {
      throw new IllegalArgumentException("truncated protobuf field");
    }
    return at + (int) length;
  }
}
