package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;

/** {@code embed_tokens}: {@code input_ids [B, S]} → {@code inputs_embeds [B, S, H]} (a Gather). */
public final class EmbedGraphBuilder {
  public static final String INPUT_IDS = "input_ids";

  private EmbedGraphBuilder() {}

  public static OnnxGraph build(TextArchitecture a, WeightEmitter weights) {
    OnnxGraph g = new OnnxGraph("embed_tokens");
    String ids =
        g.input(INPUT_IDS, DataType.INT64, DecoderGraphBuilder.BATCH, DecoderGraphBuilder.SEQUENCE);
    weights.embeddingLookup(
        g, ids, DecoderGraphBuilder.INPUTS_EMBEDS, a.vocabSize(), a.hiddenSize());
    g.output(
        DecoderGraphBuilder.INPUTS_EMBEDS,
        DataType.FLOAT,
        DecoderGraphBuilder.BATCH,
        DecoderGraphBuilder.SEQUENCE,
        a.hiddenSize());
    return g;
  }
}
