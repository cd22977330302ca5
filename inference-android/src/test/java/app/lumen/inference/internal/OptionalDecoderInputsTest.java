package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import app.lumen.inference.SamplingParams;
import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Inputs some exported decoders add (Optimum's {@code use_cache_branch}, {@code logits_to_keep},
 * {@code cache_position}) and decoders fed {@code input_ids} directly: a toy graph echoes what it
 * was fed into its logits — [Σ ids held in the cache, use_cache_branch, Σ cache_position,
 * logits_to_keep].
 */
public class OptionalDecoderInputsTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void prefillThenDecode_feedsEachOptionalInputAsTheGraphExpects() throws Exception {
    Path file = echoGraph();
    RuntimeConfig config = new RuntimeConfig(4, 1, 100, -1, 0, Set.of(), SamplingParams.GREEDY);
    OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    try (ModelRuntime runtime = new ModelRuntime(ENV, null, null, session, "echo.onnx", config);
        StateCache cache = runtime.newCache()) {
      TokenSequence prompt = TokenSequence.of(5, 6, 7);
      PositionPlan positions = PositionPlan.of(prompt);
      float[] prefill = runtime.forward(prompt, 0, 3, positions, Map.of(), cache, null);
      assertArrayEquals(new float[] {18, 0, 0 + 1 + 2, 1}, prefill, 0f);

      TokenSequence next = prompt.append(new int[] {8}, 1);
      float[] step = runtime.forward(next, 3, 4, positions, Map.of(), cache, null);
      assertArrayEquals(new float[] {26, 1, 3, 1}, step, 0f);
    }
  }

  private Path echoGraph() throws Exception {
    return echoGraph(false);
  }

  /**
   * @param appendPositions also append the cache positions to the row, which makes its width depend
   *     on the input (4 + S), so no shape inference can fix it
   */
  private Path echoGraph(boolean appendPositions) throws Exception {
    OnnxGraph g = new OnnxGraph("echo");
    String ids = g.input("input_ids", DataType.INT64, 1, "seq");
    String branch = g.input("use_cache_branch", DataType.BOOL, 1);
    String keep = g.input("logits_to_keep", DataType.INT64);
    String cachePosition = g.input("cache_position", DataType.INT64, "seq");
    String past = g.input("past_key_values.0.key", DataType.FLOAT, 1, 1, "past", 1);
    String idsFloat = g.op("Cast", ids).attr("to", 1).output();
    String fresh = g.op("Reshape", idsFloat, g.constInt64(1, 1, -1, 1)).output();
    String present = g.op("Concat", past, fresh).attr("axis", 2).output("present.0.key");
    g.output(present, DataType.FLOAT, 1, 1, "total", 1);
    String cacheSum = vector(g, g.op("ReduceSum", present).attr("keepdims", 0).output());
    String branchFloat = g.op("Cast", branch).attr("to", 1).output();
    String positionSum =
        vector(
            g,
            g.op("Cast", g.op("ReduceSum", cachePosition).attr("keepdims", 0).output())
                .attr("to", 1)
                .output());
    String keepFloat = vector(g, g.op("Cast", keep).attr("to", 1).output());
    String row =
        appendPositions
            ? g.op(
                    "Concat",
                    cacheSum,
                    branchFloat,
                    positionSum,
                    keepFloat,
                    g.op("Cast", cachePosition).attr("to", 1).output())
                .attr("axis", 0)
                .output()
            : g.op("Concat", cacheSum, branchFloat, positionSum, keepFloat)
                .attr("axis", 0)
                .output();
    String logits = g.op("Reshape", row, g.constInt64(1, 1, -1)).output("logits");
    g.output(logits, DataType.FLOAT, 1, 1, appendPositions ? "vocab" : 4);
    Path file = tmp.newFile("echo.onnx").toPath();
    new OnnxModel(g).writeTo(file);

    return file;
  }

  @Test
  public void terminatedRun_throwsAndLeavesTheCacheAsItWas() throws Exception {
    Path file = echoGraph();
    RuntimeConfig config = new RuntimeConfig(4, 1, 100, -1, 0, Set.of(), SamplingParams.GREEDY);
    OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    try (ModelRuntime runtime = new ModelRuntime(ENV, null, null, session, "echo.onnx", config);
        StateCache cache = runtime.newCache();
        Cancellation cancellation = new Cancellation()) {
      TokenSequence prompt = TokenSequence.of(5, 6, 7);
      PositionPlan positions = PositionPlan.of(prompt);
      runtime.forward(prompt, 0, 2, positions, Map.of(), cache, cancellation.runOptions());
      cancellation.cancel();
      assertThrows(
          ai.onnxruntime.OrtException.class,
          () ->
              runtime.forward(prompt, 2, 3, positions, Map.of(), cache, cancellation.runOptions()));
      assertEquals(2, cache.length());
      // The cache still works: the same token run without the terminate flag.
      float[] logits = runtime.forward(prompt, 2, 3, positions, Map.of(), cache, null);
      assertArrayEquals(new float[] {18, 1, 2, 1}, logits, 0f);
    }
  }

  @Test
  public void decodeLogitsOfAnUnexpectedWidth_fallBackToNormalOutputs() throws Exception {
    Path file = echoGraph(true);
    // config.json claims 7 logits per row; the graph makes 5 in decode, so the pinned buffer is
    // refused.
    RuntimeConfig config = new RuntimeConfig(7, 1, 100, -1, 0, Set.of(), SamplingParams.GREEDY);
    OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    try (ModelRuntime runtime = new ModelRuntime(ENV, null, null, session, "echo.onnx", config);
        StateCache cache = runtime.newCache()) {
      TokenSequence prompt = TokenSequence.of(5, 6, 7);
      PositionPlan positions = PositionPlan.of(prompt);
      runtime.forward(prompt, 0, 2, positions, Map.of(), cache, null);
      float[] step = runtime.forward(prompt, 2, 3, positions, Map.of(), cache, null);
      assertArrayEquals(new float[] {18, 1, 2, 1, 2}, step, 0f);
      assertEquals(false, runtime.pinsDecodeLogits());
    }
  }

  /** A scalar as a one-element vector, so rows can be concatenated. */
  private static String vector(OnnxGraph g, String scalar) {
    return g.op("Reshape", scalar, g.constInt64(1)).output();
  }
}
