package app.lumen.inference.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.model.DecoderIo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The inputs and outputs of a decoder graph, discovered from the graph itself so that caches of any
 * family (attention key/values now, recurrent states later) are carried by name.
 *
 * @param embedsInput {@code inputs_embeds} when the graph takes embeddings, else null
 * @param embedsType element type of {@code inputs_embeds}
 * @param idsInput {@code input_ids} when the graph embeds tokens itself, else null
 * @param attentionMask the mask input, or null
 * @param positionIds the position input, or null
 * @param positionRows 3 for M-RoPE {@code [3, B, S]} positions, 1 for {@code [B, S]}
 * @param deepstackInput the DeepStack features input {@code [K, B, S, H]}, or null
 * @param deepstackLayers K (0 without DeepStack)
 * @param hiddenSize H, or -1 when the graph leaves it symbolic
 * @param useCacheBranch Optimum's merged-decoder switch {@code use_cache_branch} (bool [1]), or
 *     null
 * @param logitsToKeep {@code logits_to_keep} / {@code num_logits_to_keep}, or null; fed 1 so the
 *     graph computes only the last row
 * @param logitsToKeepRank 0 for a scalar, 1 for a one-element vector
 * @param cachePosition {@code cache_position} (int64 [S]), or null
 * @param logits the logits output
 * @param logitsType element type of the logits
 * @param states recurrent inputs with their matching outputs
 */
record DecoderSignature(
    String embedsInput,
    OnnxJavaType embedsType,
    String idsInput,
    String attentionMask,
    String positionIds,
    int positionRows,
    String deepstackInput,
    int deepstackLayers,
    int hiddenSize,
    String useCacheBranch,
    String logitsToKeep,
    int logitsToKeepRank,
    String cachePosition,
    String logits,
    OnnxJavaType logitsType,
    List<StateSpec> states) {

  static DecoderSignature of(OrtSession session, String file, int configDeepstackLayers)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    String embeds = null;
    OnnxJavaType embedsType = OnnxJavaType.FLOAT;
    String ids = null;
    String mask = null;
    String positions = null;
    int positionRows = 1;
    String deepstack = null;
    int deepstackLayers = 0;
    int hidden = -1;
    String useCacheBranch = null;
    String logitsToKeep = null;
    int logitsToKeepRank = 0;
    String cachePosition = null;
    List<StateSpec> states = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> entry : inputs.entrySet()) {
      String name = entry.getKey();
      TensorInfo info = tensorInfo(file, name, entry.getValue());
      long[] shape = info.getShape();
      if (name.equals(DecoderIo.INPUTS_EMBEDS)) {
        embeds = name;
        embedsType = floatType(file, name, info);
        requireRank(file, name, shape, 3);
        hidden = (int) shape[2];
      } else if (name.equals(DecoderIo.INPUT_IDS)) {
        ids = name;
      } else if (name.equals(DecoderIo.ATTENTION_MASK)) {
        mask = name;
      } else if (name.equals(DecoderIo.POSITION_IDS)) {
        positions = name;
        positionRows = shape.length == 3 ? DecoderIo.MULTIMODAL_POSITION_ROWS : 1;
      } else if (name.equals(DecoderIo.USE_CACHE_BRANCH)) {
        useCacheBranch = name;
      } else if (DecoderIo.isLogitsToKeep(name)) {
        logitsToKeep = name;
        logitsToKeepRank = shape.length;
      } else if (name.equals(DecoderIo.CACHE_POSITION)) {
        cachePosition = name;
      } else if (DecoderIo.isDeepstack(name)) {
        deepstack = name;
        requireRank(file, name, shape, 4);
        deepstackLayers = shape[0] > 0 ? (int) shape[0] : configDeepstackLayers;
      } else if (DecoderIo.isStateInput(name)) {
        states.add(state(file, name, info, outputs));
      } else {
        throw new ModelLoadException(
            file + ": decoder input '" + name + "' is not one the engine knows how to feed");
      }
    }
    if ((embeds == null) == (ids == null)) {
      throw new ModelLoadException(
          file + ": decoder must take exactly one of 'inputs_embeds' or 'input_ids'");
    }
    if (!outputs.containsKey(DecoderIo.LOGITS)) {
      throw new ModelLoadException(file + ": decoder has no '" + DecoderIo.LOGITS + "' output");
    }
    OnnxJavaType logitsType =
        floatType(
            file,
            DecoderIo.LOGITS,
            tensorInfo(file, DecoderIo.LOGITS, outputs.get(DecoderIo.LOGITS)));
    if (deepstack != null && deepstackLayers <= 0) {
      throw new ModelLoadException(
          file
              + ": input '"
              + deepstack
              + "' has no fixed first dimension and config.json"
              + " names no deepstack layers");
    }
    return new DecoderSignature(
        embeds,
        embedsType,
        ids,
        mask,
        positions,
        positionRows,
        deepstack,
        deepstackLayers,
        hidden,
        useCacheBranch,
        logitsToKeep,
        logitsToKeepRank,
        cachePosition,
        DecoderIo.LOGITS,
        logitsType,
        List.copyOf(states));
  }

  private static StateSpec state(
      String file, String name, TensorInfo info, Map<String, NodeInfo> outputs) {
    String output = null;
    for (String candidate : DecoderIo.stateOutputCandidates(name)) {
      if (outputs.containsKey(candidate)) {
        output = candidate;
        break;
      }
    }
    if (output == null) {
      throw new ModelLoadException(
          file + ": state input '" + name + "' has no matching 'present' output");
    }
    long[] shape = info.getShape().clone();
    if (shape.length == 0) {
      throw new ModelLoadException(file + ": state input '" + name + "' is a scalar");
    }
    int sequenceAxis = -1;
    for (int axis = shape.length - 1; axis >= 1; axis--) {
      if (shape[axis] < 0) {
        if (sequenceAxis >= 0) {
          throw new ModelLoadException(
              file + ": state input '" + name + "' has more than one symbolic axis besides batch");
        }
        sequenceAxis = axis;
      }
    }
    shape[0] = 1;
    if (sequenceAxis >= 0) {
      shape[sequenceAxis] = 0;
    }
    return new StateSpec(name, output, floatType(file, name, info), shape, sequenceAxis);
  }

  private static TensorInfo tensorInfo(String file, String name, NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new ModelLoadException(file + ": '" + name + "' is not a tensor");
    }
    return info;
  }

  private static OnnxJavaType floatType(String file, String name, TensorInfo info) {
    if (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.FLOAT16) {
      throw new ModelLoadException(
          file + ": '" + name + "' is " + info.type + ", expected float32 or float16");
    }
    return info.type;
  }

  private static void requireRank(String file, String name, long[] shape, int rank) {
    if (shape.length != rank) {
      throw new ModelLoadException(
          file + ": '" + name + "' has rank " + shape.length + ", expected " + rank);
    }
  }
}
