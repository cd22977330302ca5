package app.lumen.inference.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoder's recurrent state for one conversation: one native tensor per {@link StateSpec}, all
 * holding the same number of tokens.
 *
 * <p>A run's {@code present} outputs become the next run's {@code past} inputs as they are — no
 * copy; the run result that owns them is closed when they are replaced. Cutting the cache back
 * copies each tensor's first tokens along its sequence axis inside ONNX Runtime ({@link
 * TensorSlicer}): the state stays in native memory and never passes through the Java heap, which a
 * phone caps at a few hundred megabytes while a long conversation's cache can be larger.
 *
 * <p>Not thread-safe; owned by one session.
 */
final class StateCache implements AutoCloseable {
  private final OrtEnvironment env;
  private final List<StateSpec> specs;
  private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
  private final List<AutoCloseable> owners = new ArrayList<>();
  private int length;
  private boolean closed;

  StateCache(OrtEnvironment env, List<StateSpec> specs) {
    this.env = env;
    this.specs = specs;
  }

  /** Tokens held. */
  int length() {
    return length;
  }

  /** Whether every state can be cut back to fewer tokens (recurrent states cannot). */
  boolean canTruncate() {
    for (StateSpec spec : specs) {
      if (spec.sequenceAxis() < 0) {
        return false;
      }
    }
    return true;
  }

  /** Adds the current state tensors to a run's inputs. */
  void feed(Map<String, OnnxTensorLike> inputs) throws OrtException {
    checkOpen();
    if (tensors.isEmpty()) {
      for (StateSpec spec : specs) {
        OnnxTensor empty = zeros(spec, 0);
        tensors.put(spec.inputName(), empty);
        owners.add(empty);
      }
    }
    inputs.putAll(tensors);
  }

  /**
   * Takes a run's {@code present} outputs as the new state holding {@code newLength} tokens, and
   * closes the run's other outputs (read the logits first): a prefill chunk's vocabulary-wide
   * logits must not stay alive while the conversation idles. The outputs are closed one by one,
   * never through {@code result.close()}, which would close the kept state too.
   */
  void advance(OrtSession.Result result, int newLength) {
    checkOpen();
    Map<String, OnnxTensor> next = new LinkedHashMap<>();
    java.util.Set<String> kept = new java.util.HashSet<>();
    for (StateSpec spec : specs) {
      OnnxValue value =
          result
              .get(spec.outputName())
              .orElseThrow(
                  () -> new IllegalStateException("run did not return " + spec.outputName()));
      next.put(spec.inputName(), (OnnxTensor) value);
      kept.add(spec.outputName());
    }
    int index = 0;
    for (Map.Entry<String, OnnxValue> output : result) {
      // Pinned outputs belong to the caller, not to the result: leave them open.
      if (!kept.contains(output.getKey()) && result.isResultOwner(index)) {
        output.getValue().close();
      }
      index++;
    }
    releaseOwners();
    tensors.clear();
    tensors.putAll(next);
    owners.addAll(next.values());
    length = newLength;
  }

  /**
   * Keeps the first {@code tokens} tokens.
   *
   * @throws IllegalStateException when a state has no sequence axis and {@code tokens} is neither 0
   *     nor the current length
   */
  void truncate(int tokens) throws OrtException {
    checkOpen();
    if (tokens == length) {
      return;
    }
    if (tokens > length || tokens < 0) {
      throw new IllegalArgumentException("cannot keep " + tokens + " of " + length + " tokens");
    }
    if (tokens == 0 || tensors.isEmpty()) {
      clear();
      return;
    }
    if (!canTruncate()) {
      throw new IllegalStateException("recurrent state cannot be cut back; clear it instead");
    }
    Map<String, OnnxTensor> next = new LinkedHashMap<>();
    List<AutoCloseable> nextOwners = new ArrayList<>();
    try {
      for (StateSpec spec : specs) {
        OnnxTensor sliced =
            TensorSlicer.shared()
                .slice(tensors.get(spec.inputName()), spec.sequenceAxis(), 0, tokens);
        next.put(spec.inputName(), sliced);
        nextOwners.add(sliced);
      }
    } catch (OrtException | RuntimeException e) {
      for (AutoCloseable owner : nextOwners) {
        closeQuietly(owner);
      }
      throw e;
    }
    releaseOwners();
    tensors.clear();
    tensors.putAll(next);
    owners.addAll(nextOwners);
    length = tokens;
  }

  /** Drops every token. */
  void clear() {
    releaseOwners();
    tensors.clear();
    length = 0;
  }

  @Override
  public void close() {
    if (!closed) {
      clear();
      closed = true;
    }
  }

  private OnnxTensor zeros(StateSpec spec, int tokens) throws OrtException {
    long[] shape = spec.shapeFor(tokens);
    long elements = 1;
    for (long dim : shape) {
      elements *= dim;
    }
    ByteBuffer buffer =
        ByteBuffer.allocateDirect((int) (elements * spec.elementBytes()))
            .order(ByteOrder.nativeOrder());
    return OnnxTensor.createTensor(env, buffer, shape, spec.type());
  }

  private void releaseOwners() {
    for (AutoCloseable owner : owners) {
      closeQuietly(owner);
    }
    owners.clear();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Native memory release does not fail in practice; nothing useful to do if it does.
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache is closed");
    }
  }
}
