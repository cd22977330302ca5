package app.lumen.inference.internal;

import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A one-layer decoder whose cache is easy to check by hand: each step appends two rows per token to
 * {@code past_key_values.0.key} (the token's embedding x and 2x), and the logits are the sum of the
 * whole cache, so a token adds 3x to every logit.
 */
final class ToyCacheDecoder {
  private ToyCacheDecoder() {}

  /**
   * Writes the graph to {@code file}.
   *
   * @param withMask whether it also declares an {@code attention_mask} input (which it ignores)
   */
  static void write(Path file, DataType type, int width, boolean withMask) throws IOException {
    OnnxGraph g = new OnnxGraph("toy");
    String x = g.input("inputs_embeds", type, "batch", "seq", width);
    if (withMask) {
      g.input("attention_mask", DataType.INT64, "batch", "total");
    }
    String past = g.input("past_key_values.0.key", type, "batch", 2, "past", width);
    String head = g.op("Unsqueeze", x, g.constInt64(1)).output();
    String doubled = g.op("Add", head, head).output();
    String fresh = g.op("Concat", head, doubled).attr("axis", 1).output();
    String present = g.op("Concat", past, fresh).attr("axis", 2).output("present.0.key");
    g.output(present, type, "batch", 2, "total", width);
    String summed = g.op("ReduceSum", present, g.constInt64(1, 2)).attr("keepdims", 0).output();
    String logits = g.op("Unsqueeze", summed, g.constInt64(1)).output("logits");
    g.output(logits, type, "batch", 1, width);
    new OnnxModel(g).writeTo(file);
  }
}
