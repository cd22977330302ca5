package app.lumen.inference.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One preallocated output buffer for the logits of a decode step: ONNX Runtime writes the row
 * straight into it, and {@link #read()} copies it into one reused array, so a token costs one copy
 * of the vocabulary-sized row and no allocation (instead of about 1.2 MB of garbage per token at
 * Qwen's vocabulary, which a phone's collector would otherwise chase at every token). The last row
 * of a prefill chunk is sliced into the same buffer ({@link #tensor()}).
 *
 * <p>Used only by the thread holding the model's generation lock. If a graph refuses the pinned
 * output (an unexpected logits shape), it is dropped and runs go back to normal outputs.
 */
final class PinnedLogits implements AutoCloseable {
  private final String logitsName;
  private final Set<String> otherOutputs;
  private final OnnxTensor tensor;
  private final FloatBuffer buffer;
  private final int vocab;
  private final float[] row;
  private boolean unsupported;

  private PinnedLogits(
      String logitsName,
      Set<String> otherOutputs,
      OnnxTensor tensor,
      FloatBuffer buffer,
      int vocab) {
    this.logitsName = logitsName;
    this.otherOutputs = otherOutputs;
    this.tensor = tensor;
    this.buffer = buffer;
    this.vocab = vocab;
    this.row = new float[vocab];
  }

  /** A pinned buffer for {@code decoder}, or null when its logits are not float32 [B, S, V]. */
  static PinnedLogits forDecoder(
      OrtEnvironment env, OrtSession decoder, String logitsName, int configVocab)
      throws OrtException {
    Map<String, NodeInfo> outputs = decoder.getOutputInfo();
    if (!(outputs.get(logitsName).getInfo() instanceof TensorInfo info)
        || info.type != OnnxJavaType.FLOAT
        || info.getShape().length != 3) {
      return null;
    }
    long declared = info.getShape()[2];
    int vocab = declared > 0 ? (int) declared : configVocab;
    Set<String> others = new LinkedHashSet<>(outputs.keySet());
    others.remove(logitsName);
    ByteBuffer bytes = ByteBuffer.allocateDirect(vocab * 4).order(ByteOrder.nativeOrder());
    FloatBuffer floats = bytes.asFloatBuffer();
    OnnxTensor tensor = OnnxTensor.createTensor(env, floats, new long[] {1, 1, vocab});
    return new PinnedLogits(logitsName, others, tensor, floats, vocab);
  }

  boolean usable() {
    return !unsupported;
  }

  /** Gives up pinning: the graph computed with normal outputs where it refused the pinned one. */
  void markUnsupported() {
    unsupported = true;
  }

  /** Runs one decode step with the logits written into the pinned buffer. */
  OrtSession.Result run(
      OrtSession decoder,
      Map<String, ? extends OnnxTensorLike> inputs,
      OrtSession.RunOptions runOptions)
      throws OrtException {
    Map<String, OnnxTensor> pinned = Map.of(logitsName, tensor);
    return runOptions == null
        ? decoder.run(inputs, otherOutputs, pinned)
        : decoder.run(inputs, otherOutputs, pinned, runOptions);
  }

  /** The {@code [1, 1, vocab]} float32 tensor over the buffer, for writing a row into. */
  OnnxTensor tensor() {
    return tensor;
  }

  int vocab() {
    return vocab;
  }

  /**
   * The row last written into the buffer, in an array that the next call overwrites: callers sample
   * from it before the next run (and copy it if they keep it).
   */
  float[] read() {
    ((java.nio.Buffer) buffer).position(0); // via Buffer: the FloatBuffer override is API 28+
    buffer.get(row);
    return row;
  }

  @Override
  public void close() {
    tensor.close();
  }
}
