package app.lumen.testkit.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an ONNX {@code GraphProto}: typed inputs and outputs with fixed or symbolic dimensions,
 * initializers and nodes. Node outputs get readable generated names (the scope, the op type and a
 * counter) unless the caller names them, so graphs stay debuggable in Netron.
 *
 * <p>Not thread-safe. Everything is kept in insertion order, so building the same graph twice gives
 * byte-identical output.
 */
public final class OnnxGraph {
  private final String name;
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private final List<Tensor> initializers = new ArrayList<>();
  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private String scope = "";
  private int counter;

  public OnnxGraph(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Declares a graph input. Each dimension is a number (fixed) or a string (a symbolic name such as
   * {@code "batch_size"}).
   */
  public String input(String inputName, DataType type, Object... dims) {
    claim(inputName);
    inputs.add(valueInfo(inputName, type, dims));
    return inputName;
  }

  /** Declares that the value {@code valueName} (already produced) is a graph output. */
  public String output(String valueName, DataType type, Object... dims) {
    outputs.add(valueInfo(valueName, type, dims));
    return valueName;
  }

  /** Adds an initializer and returns its name. */
  public String initializer(Tensor tensor) {
    claim(tensor.name());
    initializers.add(tensor);
    return tensor.name();
  }

  /** A float32 constant under a generated name (handy for eps, scales and masks). */
  public String constFloat(long[] dims, float... values) {
    return initializer(Tensor.float32(freshName("const"), dims, values));
  }

  /** A 1-D int64 constant under a generated name (handy for shapes, axes and indices). */
  public String constInt64(long... values) {
    return initializer(Tensor.int64(freshName("const"), new long[] {values.length}, values));
  }

  /** A 0-D (scalar) int64 constant. */
  public String scalarInt64(long value) {
    return initializer(Tensor.int64(freshName("const"), new long[0], new long[] {value}));
  }

  /** A 0-D (scalar) float constant. */
  public String scalarFloat(float value) {
    return initializer(Tensor.float32(freshName("const"), new long[0], new float[] {value}));
  }

  /**
   * Sets the prefix of generated names (e.g. {@code "layers.0/attn"}); returns the previous one so
   * callers can restore it.
   */
  public String scope(String newScope) {
    String previous = scope;
    scope = newScope == null ? "" : newScope;
    return previous;
  }

  /** Starts a node; finish it with one of the {@link Node#output()} methods. */
  public Node op(String opType, String... nodeInputs) {
    return new Node(opType, nodeInputs);
  }

  /** All initializers so far, in insertion order. */
  public List<Tensor> initializers() {
    return List.copyOf(initializers);
  }

  ProtoWriter toProto() {
    ProtoWriter g = new ProtoWriter();
    // GraphProto: node=1, name=2, initializer=5, input=11, output=12.
    for (ProtoWriter n : nodes) {
      g.message(1, n);
    }
    g.string(2, name);
    for (Tensor t : initializers) {
      g.message(5, t.toProto());
    }
    for (ProtoWriter in : inputs) {
      g.message(11, in);
    }
    for (ProtoWriter out : outputs) {
      g.message(12, out);
    }
    return g;
  }

  private String freshName(String base) {
    String candidate;
    do {
      candidate = (scope.isEmpty() ? "" : scope + "/") + base + "_" + counter++;
    } while (names.contains(candidate));
    return candidate;
  }

  private void claim(String valueName) {
    if (!names.add(valueName)) {
      throw new IllegalArgumentException("graph " + name + ": name used twice: " + valueName);
    }
  }

  private static ProtoWriter valueInfo(String valueName, DataType type, Object... dims) {
    // ValueInfoProto{name=1, type=2}; TypeProto{tensor_type=1}; Tensor{elem_type=1, shape=2};
    // TensorShapeProto{dim=1}; Dimension{dim_value=1, dim_param=2}.
    ProtoWriter shape = new ProtoWriter();
    for (Object d : dims) {
      ProtoWriter dim = new ProtoWriter();
      if (d instanceof Number n) {
        dim.varint(1, n.longValue());
      } else if (d instanceof String s) {
        dim.string(2, s);
      } else {
        throw new IllegalArgumentException(valueName + ": dimension must be a number or a name");
      }
      shape.message(1, dim);
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, type.code()).message(2, shape);
    ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter().string(1, valueName).message(2, typeProto);
  }

  /** A node under construction: attributes, domain, then its outputs. */
  public final class Node {
    private final String opType;
    private final String[] nodeInputs;
    private final List<ProtoWriter> attributes = new ArrayList<>();
    private String domain = "";

    private Node(String opType, String[] nodeInputs) {
      this.opType = Objects.requireNonNull(opType, "opType");
      this.nodeInputs = nodeInputs.clone();
    }

    /** The operator's domain, e.g. {@code "com.microsoft"}; default the ONNX domain. */
    public Node domain(String opDomain) {
      this.domain = opDomain;
      return this;
    }

    // AttributeProto: name=1, f=2, i=3, s=4, t=5, floats=7, ints=8, type=20.
    // AttributeType: FLOAT=1, INT=2, STRING=3, TENSOR=4, FLOATS=6, INTS=7.

    public Node attr(String attrName, long value) {
      attributes.add(new ProtoWriter().string(1, attrName).varint(3, value).varint(20, 2));
      return this;
    }

    public Node attr(String attrName, float value) {
      attributes.add(new ProtoWriter().string(1, attrName).float32(2, value).varint(20, 1));
      return this;
    }

    public Node attr(String attrName, String value) {
      attributes.add(new ProtoWriter().string(1, attrName).string(4, value).varint(20, 3));
      return this;
    }

    public Node attr(String attrName, Tensor value) {
      attributes.add(
          new ProtoWriter().string(1, attrName).message(5, value.toProto()).varint(20, 4));
      return this;
    }

    public Node attrInts(String attrName, long... values) {
      ProtoWriter a = new ProtoWriter().string(1, attrName);
      for (long v : values) {
        a.varint(8, v); // unpacked: what onnx's own helper writes
      }
      attributes.add(a.varint(20, 7));
      return this;
    }

    public Node attrFloats(String attrName, float... values) {
      ProtoWriter a = new ProtoWriter().string(1, attrName);
      for (float v : values) {
        a.float32(7, v);
      }
      attributes.add(a.varint(20, 6));
      return this;
    }

    /** Adds the node with one output under a generated name, and returns that name. */
    public String output() {
      return outputs(1)[0];
    }

    /** Adds the node with one output named {@code outputName} (e.g. a graph output). */
    public String output(String outputName) {
      return named(outputName)[0];
    }

    /** Adds the node with {@code count} outputs under generated names. */
    public String[] outputs(int count) {
      String base = freshName(opType);
      String[] outs = new String[count];
      for (int i = 0; i < count; i++) {
        outs[i] = count == 1 ? base : base + ":" + i;
      }
      return add(base, outs);
    }

    /** Adds the node with the given output names. */
    public String[] named(String... outputNames) {
      return add(freshName(opType), outputNames);
    }

    private String[] add(String nodeName, String[] outs) {
      for (String o : outs) {
        claim(o);
      }
      // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5, domain=7.
      ProtoWriter n = new ProtoWriter();
      for (String in : nodeInputs) {
        n.string(1, Objects.requireNonNull(in, () -> opType + ": null input"));
      }
      for (String o : outs) {
        n.string(2, o);
      }
      n.string(3, nodeName);
      n.string(4, opType);
      for (ProtoWriter a : attributes) {
        n.message(5, a);
      }
      if (!domain.isEmpty()) {
        n.string(7, domain);
      }
      nodes.add(n);
      return outs.clone();
    }
  }
}
