package app.lumen.inference.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * The all-ones attention mask of a run, as a view of one direct buffer of ones reused by every run:
 * a fresh {@code long[total]} per decode step (which ONNX Runtime then copies again) is garbage
 * that grows with the conversation. The buffer grows geometrically, so a conversation of n tokens
 * reallocates it O(log n) times. Graph inputs are read-only, so the ones are never overwritten.
 *
 * <p>Thread-safe; the returned tensor belongs to the caller, who closes it after the run.
 */
final class AttentionMask {
  /** Covers a short prompt and its answer without growing. */
  private static final int INITIAL_TOKENS = 1024;

  private LongBuffer ones = ones(INITIAL_TOKENS);

  /** A {@code [1, total]} int64 tensor of ones over the shared buffer. */
  synchronized OnnxTensor tensor(OrtEnvironment env, int total) throws OrtException {
    if (total > ones.capacity()) {
      ones = ones(Math.max(total, 2 * ones.capacity()));
    }
    LongBuffer view = ones.duplicate();
    ((java.nio.Buffer) view).limit(total); // via Buffer: the covariant override is API 28+
    return OnnxTensor.createTensor(env, view, new long[] {1, total});
  }

  private static LongBuffer ones(int tokens) {
    LongBuffer buffer =
        ByteBuffer.allocateDirect(tokens * Long.BYTES)
            .order(ByteOrder.nativeOrder())
            .asLongBuffer();
    for (int i = 0; i < tokens; i++) {
      buffer.put(i, 1L);
    }
    return buffer;
  }
}
