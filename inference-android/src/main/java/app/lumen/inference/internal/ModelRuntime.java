package app.lumen.inference.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.model.DecoderIo;
import app.lumen.inference.text.ImageSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding and decoder graphs of one model and how to run a slice of tokens through them.
 * Immutable after construction and shared by every session of the model; ONNX Runtime sessions may
 * be run from several threads, and the model serialises generations anyway.
 */
final class ModelRuntime implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession embed;
  private final String embedInput;
  private final OnnxJavaType embedInputType;
  private final String embedOutput;
  private final OrtSession decoder;
  private final DecoderSignature signature;
  private final int hiddenSize;
  private final int vocabSize;
  private final int imageTokenId;
  private final RunTimer timer = new RunTimer();
  private OnnxTensor singleTokenZeros;
  private final PinnedLogits pinnedLogits;
  private final AttentionMask attentionMask = new AttentionMask();

  ModelRuntime(
      OrtEnvironment env,
      OrtSession embed,
      String embedFile,
      OrtSession decoder,
      String decoderFile,
      RuntimeConfig config)
      throws OrtException {
    this.env = env;
    this.decoder = decoder;
    this.signature = DecoderSignature.of(decoder, decoderFile, config.deepstackLayers());
    this.embed = embed;
    if (signature.embedsInput() != null) {
      if (embed == null) {
        throw new ModelLoadException(
            decoderFile
                + ": decoder takes 'inputs_embeds' but the manifest names no 'embed' graph");
      }
      Map<String, NodeInfo> inputs = embed.getInputInfo();
      if (!inputs.containsKey(DecoderIo.INPUT_IDS)) {
        throw new ModelLoadException(
            embedFile + ": embed graph has no '" + DecoderIo.INPUT_IDS + "' input");
      }
      this.embedInput = DecoderIo.INPUT_IDS;
      this.embedInputType = ((TensorInfo) inputs.get(DecoderIo.INPUT_IDS).getInfo()).type;
      if (embedInputType != OnnxJavaType.INT64 && embedInputType != OnnxJavaType.INT32) {
        throw new ModelLoadException(
            embedFile + ": 'input_ids' is " + embedInputType + ", expected int64 or int32");
      }
      this.embedOutput = embed.getOutputNames().iterator().next();
    } else {
      this.embedInput = null;
      this.embedInputType = null;
      this.embedOutput = null;
    }
    this.hiddenSize = signature.hiddenSize() > 0 ? signature.hiddenSize() : config.hiddenSize();
    this.vocabSize = config.vocabSize();
    this.imageTokenId = config.imageTokenId();
    this.pinnedLogits =
        PinnedLogits.forDecoder(env, decoder, signature.logits(), config.vocabSize());
  }

  DecoderSignature signature() {
    return signature;
  }

  int hiddenSize() {
    return hiddenSize;
  }

  int vocabSize() {
    return vocabSize;
  }

  int imageTokenId() {
    return imageTokenId;
  }

  /** Whether decode steps write their logits into the pinned buffer (false after a fallback). */
  boolean pinsDecodeLogits() {
    return pinnedLogits != null && pinnedLogits.usable();
  }

  RunTimer timer() {
    return timer;
  }

  StateCache newCache() {
    return new StateCache(env, signature.states());
  }

  /**
   * Runs tokens {@code [from, to)} of {@code sequence}, extending {@code cache} (which holds
   * exactly the first {@code from} tokens), and returns the logits of the last one.
   *
   * @param images embeddings of every image overlapping the slice
   */
  float[] forward(
      TokenSequence sequence,
      int from,
      int to,
      PositionPlan positions,
      Map<ImageSpan, ImageEmbeddings> images,
      StateCache cache,
      OrtSession.RunOptions runOptions)
      throws OrtException {
    if (cache.length() != from) {
      throw new IllegalStateException("cache holds " + cache.length() + " tokens, not " + from);
    }
    int count = to - from;
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = sequence.id(from + i);
    }
    List<OnnxTensor> owned = new ArrayList<>();
    OrtSession.Result embedResult = null;
    boolean handedOver = false;
    try {
      Map<String, OnnxTensorLike> inputs = new HashMap<>();
      List<ImageSpan> overlapping = ImageRows.overlapping(sequence, from, to);
      if (signature.idsInput() != null) {
        inputs.put(signature.idsInput(), own(owned, OrtTensors.longs(env, ids, 1, count)));
      } else {
        OnnxTensor idsTensor =
            own(
                owned,
                embedInputType == OnnxJavaType.INT32
                    ? OrtTensors.ints(env, ids, 1, count)
                    : OrtTensors.longs(env, ids, 1, count));
        long start = System.nanoTime();
        embedResult = run(embed, Map.of(embedInput, idsTensor), runOptions);
        timer.addRun(System.nanoTime() - start);
        OnnxTensor embeds = (OnnxTensor) embedResult.get(embedOutput).get();
        if (overlapping.isEmpty() && embeds.getInfo().type == signature.embedsType()) {
          inputs.put(signature.embedsInput(), embeds); // no copy in the common case
        } else {
          float[] rows = OrtTensors.readFloats(embeds);
          ImageRows.splice(rows, hiddenSize, overlapping, images, from, to, -1);
          inputs.put(
              signature.embedsInput(),
              own(
                  owned,
                  OrtTensors.floats(env, rows, signature.embedsType(), 1, count, hiddenSize)));
        }
      }
      if (signature.deepstackInput() != null) {
        inputs.put(
            signature.deepstackInput(),
            count == 1 && overlapping.isEmpty()
                ? singleTokenZeros()
                : own(owned, deepstack(overlapping, images, from, to)));
      }
      int total = from + count;
      if (signature.useCacheBranch() != null) {
        inputs.put(
            signature.useCacheBranch(),
            own(owned, OnnxTensor.createTensor(env, new boolean[] {from > 0})));
      }
      if (signature.logitsToKeep() != null) {
        // Only the last row is ever sampled from: 1 saves the vocabulary-wide rows of a prefill.
        inputs.put(
            signature.logitsToKeep(),
            own(
                owned,
                signature.logitsToKeepRank() == 0
                    ? OnnxTensor.createTensor(env, 1L)
                    : OnnxTensor.createTensor(env, new long[] {1L})));
      }
      if (signature.cachePosition() != null) {
        long[] cachePositions = new long[count];
        for (int i = 0; i < count; i++) {
          cachePositions[i] = from + i;
        }
        inputs.put(
            signature.cachePosition(), own(owned, OrtTensors.longs(env, cachePositions, count)));
      }
      if (signature.attentionMask() != null) {
        inputs.put(signature.attentionMask(), own(owned, attentionMask.tensor(env, total)));
      }
      if (signature.positionIds() != null) {
        int rows = signature.positionRows();
        long[] position = positions.slice(from, count, rows);
        OnnxTensor tensor =
            rows == 3
                ? OrtTensors.longs(env, position, 3, 1, count)
                : OrtTensors.longs(env, position, 1, count);
        inputs.put(signature.positionIds(), own(owned, tensor));
      }
      cache.feed(inputs);
      long start = System.nanoTime();
      OrtSession.Result result = null;
      float[] last = null;
      // One row comes out of a decode step, and of any run of a graph told to keep one.
      boolean oneRow = count == 1 || signature.logitsToKeep() != null;
      if (oneRow && pinnedLogits != null && pinnedLogits.usable()) {
        try {
          result = pinnedLogits.run(decoder, inputs, runOptions);
          last = pinnedLogits.read();
        } catch (OrtException e) {
          // Retry without pinning; if that works, the graph just refuses the pinned buffer.
          result = run(decoder, inputs, runOptions);
          pinnedLogits.markUnsupported();
        }
      } else {
        result = run(decoder, inputs, runOptions);
      }
      timer.addRun(System.nanoTime() - start);
      try {
        if (last == null) {
          last = lastRow((OnnxTensor) result.get(signature.logits()).get());
        }
        cache.advance(result, total);
        handedOver = true;
        return last;
      } finally {
        if (!handedOver) {
          result.close();
        }
      }
    } finally {
      for (OnnxTensor tensor : owned) {
        tensor.close();
      }
      if (embedResult != null) {
        embedResult.close();
      }
    }
  }

  /**
   * The last row of a run's logits. A prefill chunk's {@code [1, S, V]} logits live in native
   * memory; {@code getFloatBuffer()} would copy all of them into the heap (78 MB for 128 tokens at
   * Qwen's vocabulary) to read one row, so the row is sliced out natively, into the pinned buffer
   * when there is one.
   */
  private float[] lastRow(OnnxTensor logits) throws OrtException {
    long[] shape = logits.getInfo().getShape();
    int width = (int) shape[shape.length - 1];
    long rows = shape.length == 3 ? shape[1] : 1;
    if (rows == 1) {
      return OrtTensors.readRow(logits, 0, width); // the copy is the row itself
    }
    if (pinnedLogits != null && pinnedLogits.usable() && width == pinnedLogits.vocab()) {
      TensorSlicer.shared().sliceInto(logits, 1, rows - 1, rows, pinnedLogits.tensor());
      return pinnedLogits.read();
    }
    try (OnnxTensor row = TensorSlicer.shared().slice(logits, 1, rows - 1, rows)) {
      return OrtTensors.readRow(row, 0, width);
    }
  }

  /**
   * Zero DeepStack features for one text token, made once: every decode step feeds them, and graph
   * inputs are read-only, so one tensor serves all steps of all sessions.
   */
  private synchronized OnnxTensor singleTokenZeros() throws OrtException {
    if (singleTokenZeros == null) {
      singleTokenZeros =
          OrtTensors.zeros(
              env, signature.embedsType(), signature.deepstackLayers(), 1, 1, hiddenSize);
    }
    return singleTokenZeros;
  }

  private OnnxTensor deepstack(
      List<ImageSpan> overlapping, Map<ImageSpan, ImageEmbeddings> images, int from, int to)
      throws OrtException {
    int layers = signature.deepstackLayers();
    int count = to - from;
    if (overlapping.isEmpty()) {
      return OrtTensors.zeros(env, signature.embedsType(), layers, 1, count, hiddenSize);
    }
    float[] values = new float[layers * count * hiddenSize];
    for (int layer = 0; layer < layers; layer++) {
      float[] slab = new float[count * hiddenSize];
      ImageRows.splice(slab, hiddenSize, overlapping, images, from, to, layer);
      System.arraycopy(slab, 0, values, layer * count * hiddenSize, slab.length);
    }
    return OrtTensors.floats(env, values, signature.embedsType(), layers, 1, count, hiddenSize);
  }

  private static OrtSession.Result run(
      OrtSession session,
      Map<String, ? extends OnnxTensorLike> inputs,
      OrtSession.RunOptions runOptions)
      throws OrtException {
    return runOptions == null ? session.run(inputs) : session.run(inputs, runOptions);
  }

  private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
    owned.add(tensor);
    return tensor;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (singleTokenZeros != null) {
        singleTokenZeros.close();
        singleTokenZeros = null;
      }
      if (pinnedLogits != null) {
        pinnedLogits.close();
      }
    }
    try {
      decoder.close();
    } catch (OrtException ignored) {
      // closing a session only fails when it is already closed
    }
    if (embed != null) {
      try {
        embed.close();
      } catch (OrtException ignored) {
        // as above
      }
    }
  }
}
