package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.Tensor;

/**
 * Graphs with the transformers.js export signatures (names, types, shapes) and zero weights: for
 * loader and validator tests, which look at what a graph declares, not at what it computes. The
 * decoder copies each past state to its present output and projects the embeddings to logits.
 * Stateless.
 */
public final class SignatureGraphs {
  /** Qwen3-VL's patch row: 3 channels × 2 frames × 16 × 16 pixels. */
  public static final int PATCH_VALUES = 3 * 2 * 16 * 16;

  private SignatureGraphs() {}

  /**
   * What the decoder graph declares.
   *
   * @param deepstack whether it takes Qwen3-VL's {@code deepstack_embeds} (two feature sets)
   */
  public record DecoderSignature(
      String embedsInput,
      int layers,
      int kvHeads,
      int headDim,
      DataType kvType,
      boolean deepstack) {}

  public static OnnxGraph embed(int vocab, int hidden) {
    OnnxGraph g = new OnnxGraph("embed");
    String ids = g.input("input_ids", DataType.INT64, "batch", "seq");
    String table =
        g.initializer(
            Tensor.float32("table", new long[] {vocab, hidden}, new float[vocab * hidden]));
    g.output(
        g.op("Gather", table, ids).attr("axis", 0L).output("inputs_embeds"),
        DataType.FLOAT,
        "batch",
        "seq",
        hidden);
    return g;
  }

  public static OnnxGraph decoder(DecoderSignature shape, int vocab, int hidden) {
    OnnxGraph g = new OnnxGraph("decoder");
    String embeds = g.input(shape.embedsInput(), DataType.FLOAT, "batch", "seq", hidden);
    g.input("attention_mask", DataType.INT64, "batch", "total");
    g.input("position_ids", DataType.INT64, 3, "batch", "seq");
    if (shape.deepstack()) {
      g.input("deepstack_embeds", DataType.FLOAT, 2, "batch", "seq", hidden);
    }
    for (int layer = 0; layer < shape.layers(); layer++) {
      for (String part : new String[] {"key", "value"}) {
        String past =
            g.input(
                "past_key_values." + layer + "." + part,
                shape.kvType(),
                "batch",
                shape.kvHeads(),
                "past",
                shape.headDim());
        g.output(
            g.op("Identity", past).output("present." + layer + "." + part),
            shape.kvType(),
            "batch",
            shape.kvHeads(),
            "past",
            shape.headDim());
      }
    }
    String head =
        g.initializer(
            Tensor.float32("lm_head", new long[] {hidden, vocab}, new float[hidden * vocab]));
    g.output(g.op("MatMul", embeds, head).output("logits"), DataType.FLOAT, "batch", "seq", vocab);
    return g;
  }

  public static OnnxGraph vision(int hidden) {
    OnnxGraph g = new OnnxGraph("vision");
    String pixels = g.input("pixel_values", DataType.FLOAT, "patches", PATCH_VALUES);
    g.input("image_grid_thw", DataType.INT64, "images", 3);
    String w =
        g.initializer(
            Tensor.float32(
                "merger", new long[] {PATCH_VALUES, hidden}, new float[PATCH_VALUES * hidden]));
    g.output(g.op("MatMul", pixels, w).output("image_features"), DataType.FLOAT, "patches", hidden);
    return g;
  }
}
