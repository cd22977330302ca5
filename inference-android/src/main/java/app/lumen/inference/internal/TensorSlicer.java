package app.lumen.inference.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Copies a range of a tensor along one axis inside ONNX Runtime, with a one-node {@code Slice}
 * graph, so the copy is made natively and lands in the runtime's memory (or in a pinned output).
 *
 * <p>Why not through Java buffers: ONNX Runtime's Java API copies a tensor it allocated into the
 * heap to show it to Java ({@code getByteBuffer()}), and on Android a direct {@code ByteBuffer} is
 * itself a non-movable array on the managed heap, counted against the app's heap limit. Cutting a
 * cache back or reading the last logits row this way moves only the kept bytes, once, in native
 * code.
 *
 * <p>Thread-safe: one process-wide instance ({@link #shared()}) whose sessions are created on first
 * use per element type and live as long as the process, like the {@link OrtEnvironment}. Errors of
 * the runtime surface as {@link OrtException}.
 */
final class TensorSlicer {
  private static final TensorSlicer SHARED = new TensorSlicer(OrtEnvironment.getEnvironment());

  /** ONNX {@code TensorProto.DataType} codes. */
  private static final int ONNX_FLOAT = 1;

  private static final int ONNX_INT64 = 7;
  private static final int ONNX_FLOAT16 = 10;

  private final OrtEnvironment env;
  private final Map<OnnxJavaType, OrtSession> sessions = new EnumMap<>(OnnxJavaType.class);

  private TensorSlicer(OrtEnvironment env) {
    this.env = env;
  }

  static TensorSlicer shared() {
    return SHARED;
  }

  /** Elements {@code [start, end)} of {@code source} along {@code axis}, owned by the caller. */
  OnnxTensor slice(OnnxTensor source, int axis, long start, long end) throws OrtException {
    OrtSession.Result result = run(source, axis, start, end, null);
    return (OnnxTensor) result.get(0); // the only output; the result holds nothing else
  }

  /** As {@link #slice} but written into {@code target}, whose shape must be the slice's. */
  void sliceInto(OnnxTensor source, int axis, long start, long end, OnnxTensor target)
      throws OrtException {
    run(source, axis, start, end, target);
  }

  private OrtSession.Result run(
      OnnxTensor source, int axis, long start, long end, OnnxTensor target) throws OrtException {
    OrtSession session = session(source.getInfo().type);
    try (OnnxTensor starts = OnnxTensor.createTensor(env, new long[] {start});
        OnnxTensor ends = OnnxTensor.createTensor(env, new long[] {end});
        OnnxTensor axes = OnnxTensor.createTensor(env, new long[] {axis})) {
      Map<String, OnnxTensor> inputs =
          Map.of("data", source, "starts", starts, "ends", ends, "axes", axes);
      if (target == null) {
        return session.run(inputs);
      }
      Map<String, OnnxValue> pinned = Map.of("out", target);
      return session.run(inputs, pinned);
    }
  }

  private synchronized OrtSession session(OnnxJavaType type) throws OrtException {
    OrtSession session = sessions.get(type);
    if (session == null) {
      int code =
          switch (type) {
            case FLOAT -> ONNX_FLOAT;
            case FLOAT16 -> ONNX_FLOAT16;
            default -> throw new IllegalArgumentException("cannot slice " + type + " tensors");
          };
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1); // a memory copy: more threads only add hand-offs
        session = env.createSession(sliceModel(code), options);
      }
      sessions.put(type, session);
    }
    return session;
  }

  /**
   * {@code out = Slice(data, starts, ends, axes)} as an ONNX model (IR 8, opset 13), written as
   * protobuf by hand: four inputs of unknown shape, so one session serves every rank.
   */
  static byte[] sliceModel(int elementType) {
    Proto node = new Proto();
    for (String input : new String[] {"data", "starts", "ends", "axes"}) {
      node.string(1, input);
    }
    node.string(2, "out").string(4, "Slice");
    Proto graph = new Proto().message(1, node).string(2, "slice");
    graph.message(11, valueInfo("data", elementType));
    for (String index : new String[] {"starts", "ends", "axes"}) {
      graph.message(11, valueInfo(index, ONNX_INT64));
    }
    graph.message(12, valueInfo("out", elementType));
    Proto opset = new Proto().string(1, "").varint(2, 13);
    return new Proto().varint(1, 8).message(7, graph).message(8, opset).bytes();
  }

  /** ValueInfoProto {name, type: TypeProto {tensor_type: {elem_type}}}, shape left open. */
  private static Proto valueInfo(String name, int elementType) {
    Proto tensorType = new Proto().varint(1, elementType);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  /** The two protobuf field kinds the model needs: varints and length-delimited bytes. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto string(int field, String value) {
      return field(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto message) {
      return field(field, message.bytes());
    }

    private Proto field(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    private void raw(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
