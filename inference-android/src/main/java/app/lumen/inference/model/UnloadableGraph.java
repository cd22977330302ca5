package app.lumen.inference.model;

import java.util.regex.Pattern;

/**
 * How a graph ONNX Runtime refuses to open is worded, the same by {@code lumen validate} and by the
 * loader: {@code onnx/decoder.onnx: not a loadable ONNX model: lumen.x:Op(-1) is not a registered
 * function/op}. ONNX Runtime's own message wraps the reason in its error code, the graph's absolute
 * path and "Fatal error:", which say nothing to someone holding the package.
 *
 * <p>Stateless.
 */
public final class UnloadableGraph {
  private static final Pattern WRAPPING =
      Pattern.compile(
          "^(Error code - \\S+ - message: )?(\\[ONNXRuntimeError\\] : \\d+ : \\S+ : )?"
              + "(Load model from .*? failed:)?\\s*(Fatal error: )?");

  private UnloadableGraph() {}

  /** One line naming {@code file} (as the manifest writes it) and what ONNX Runtime said. */
  public static String message(String file, String runtimeMessage) {
    return file + ": not a loadable ONNX model: " + reason(runtimeMessage);
  }

  /** ONNX Runtime's message without its wrapping, first line only. */
  static String reason(String runtimeMessage) {
    if (runtimeMessage == null || runtimeMessage.trim().isEmpty()) {
      return "ONNX Runtime gave no reason";
    }
    String line = runtimeMessage.trim().split("\\R", 2)[0];
    String reason = WRAPPING.matcher(line).replaceFirst("").trim();
    return reason.isEmpty() ? line : reason;
  }
}
