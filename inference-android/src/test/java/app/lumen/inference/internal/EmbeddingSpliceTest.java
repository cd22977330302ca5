package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.text.ImageSpan;
import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A float16 embedding graph (embedding of id = id) feeding a float32 decoder whose logits are the
 * sum of every embedding it has seen: the engine converts between the types, and image rows replace
 * the image tokens' embeddings even when a run boundary cuts through the image.
 */
public class EmbeddingSpliceTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void float16Embeddings_andImageRowsAcrossRunBoundaries_reachTheDecoder() throws Exception {
    OnnxGraph e = new OnnxGraph("embed");
    String ids = e.input("input_ids", DataType.INT64, 1, "seq");
    String half = e.op("Cast", ids).attr("to", 10).output(); // FLOAT16
    String embeds = e.op("Unsqueeze", half, e.constInt64(2)).output("inputs_embeds");
    e.output(embeds, DataType.FLOAT16, 1, "seq", 1);
    Path embedFile = tmp.newFile("embed.onnx").toPath();
    new OnnxModel(e).writeTo(embedFile);

    OnnxGraph d = new OnnxGraph("sum");
    String x = d.input("inputs_embeds", DataType.FLOAT, 1, "seq", 1);
    String past = d.input("past_key_values.0.key", DataType.FLOAT, 1, 1, "past", 1);
    String fresh = d.op("Unsqueeze", x, d.constInt64(1)).output();
    String present = d.op("Concat", past, fresh).attr("axis", 2).output("present.0.key");
    d.output(present, DataType.FLOAT, 1, 1, "total", 1);
    String total = d.op("ReduceSum", present).attr("keepdims", 0).output();
    String logits = d.op("Reshape", total, d.constInt64(1, 1, 1)).output("logits");
    d.output(logits, DataType.FLOAT, 1, 1, 1);
    Path decoderFile = tmp.newFile("decoder.onnx").toPath();
    new OnnxModel(d).writeTo(decoderFile);

    RuntimeConfig config = new RuntimeConfig(1, 1, 100, 99, 0, Set.of(), SamplingParams.GREEDY);
    OrtSession embed = ENV.createSession(embedFile.toString(), new OrtSession.SessionOptions());
    OrtSession decoder = ENV.createSession(decoderFile.toString(), new OrtSession.SessionOptions());
    try (ModelRuntime runtime =
            new ModelRuntime(ENV, embed, "embed.onnx", decoder, "decoder.onnx", config);
        StateCache cache = runtime.newCache()) {
      // ids 1, 2, [image: 3 tokens worth 100, 200, 300], 4
      ImageSpan image = new ImageSpan(2, new ConstantImage(new float[] {100, 200, 300}));
      TokenSequence sequence = new TokenSequence(new int[] {1, 2, 99, 99, 99, 4}, List.of(image));
      PositionPlan positions = PositionPlan.of(sequence);
      Map<ImageSpan, ImageEmbeddings> rows = Map.of(image, image.image().embeddings(1));
      // The first run ends inside the image, the second starts inside it.
      assertArrayEquals(
          new float[] {1 + 2 + 100 + 200},
          runtime.forward(sequence, 0, 4, positions, rows, cache, null),
          0f);
      assertArrayEquals(
          new float[] {1 + 2 + 100 + 200 + 300 + 4},
          runtime.forward(sequence, 4, 6, positions, rows, cache, null),
          0f);
    }
  }

  /** An image whose embedding rows are given (hidden size 1). */
  private static final class ConstantImage implements ImageInput {
    private final float[] rows;

    ConstantImage(float[] rows) {
      this.rows = rows;
    }

    @Override
    public String cacheKey() {
      return "constant";
    }

    @Override
    public ImageGrid grid() {
      return new ImageGrid(1, 1, rows.length);
    }

    @Override
    public ImageEmbeddings embeddings(int hiddenSize) {
      return new ImageEmbeddings(rows.length, 1, rows.clone(), null);
    }
  }
}
