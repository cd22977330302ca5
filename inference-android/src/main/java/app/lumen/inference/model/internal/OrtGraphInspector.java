package app.lumen.inference.model.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import app.lumen.inference.model.TensorSpec;
import app.lumen.inference.model.TensorSpec.ElementType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a graph's inputs and outputs through ONNX Runtime's session metadata. Opening a session
 * loads the weights, so this runs on {@code validate}, not on every model load. Stateless.
 */
public final class OrtGraphInspector {
  private OrtGraphInspector() {}

  /** A graph's declared inputs and outputs, in graph order. */
  public record GraphIo(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {}

  /**
   * @throws OrtException when ONNX Runtime cannot load the file (truncated, not ONNX, unsupported)
   */
  public static GraphIo inspect(Path onnxFile) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // Only the signature is needed: skip graph optimisation to open large models faster.
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = environment.createSession(onnxFile.toString(), options)) {
        return new GraphIo(specs(session.getInputInfo()), specs(session.getOutputInfo()));
      }
    }
  }

  /** Describes ONNX Runtime node infos (also for an engine that already holds a session). */
  public static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> entry : infos.entrySet()) {
      if (entry.getValue().getInfo() instanceof TensorInfo tensor) {
        specs.put(entry.getKey(), new TensorSpec(entry.getKey(), type(tensor), tensor.getShape()));
      } else {
        specs.put(entry.getKey(), new TensorSpec(entry.getKey(), ElementType.OTHER, new long[0]));
      }
    }
    return specs;
  }

  private static ElementType type(TensorInfo tensor) {
    if (tensor.onnxType == TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16
        || tensor.type == OnnxJavaType.FLOAT16) {
      return ElementType.FLOAT16;
    }
    return switch (tensor.type) {
      case FLOAT -> ElementType.FLOAT;
      case INT64 -> ElementType.INT64;
      case INT32 -> ElementType.INT32;
      default -> ElementType.OTHER;
    };
  }
}
