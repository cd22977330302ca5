package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
 * A prefill chunk of a decoder that returns logits for every position: only the last row is sampled
 * from, so reading it must not copy the whole {@code [1, chunk, V]} tensor into the heap. The toy's
 * logits row {@code i} is token {@code i}'s id repeated {@code V} times.
 */
public class PrefillLogitsMemoryTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final int VOCAB = 20_000;
  private static final int CHUNK = 64;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void prefillChunk_readsTheLastRowWithoutCopyingAllLogitsIntoTheHeap() throws Exception {
    RuntimeConfig config =
        new RuntimeConfig(VOCAB, 1, 100_000, -1, 0, Set.of(), SamplingParams.GREEDY);
    OrtSession session =
        ENV.createSession(toyDecoder().toString(), new OrtSession.SessionOptions());
    int[] ids = new int[CHUNK];
    for (int i = 0; i < CHUNK; i++) {
      ids[i] = 10 + i;
    }
    TokenSequence prompt = TokenSequence.of(ids);
    PositionPlan positions = PositionPlan.of(prompt);
    try (ModelRuntime runtime = new ModelRuntime(ENV, null, null, session, "toy.onnx", config);
        StateCache cache = runtime.newCache()) {
      runtime.forward(prompt, 0, CHUNK, positions, Map.of(), cache, null); // reusable buffers
      cache.clear();

      long before = ThreadAllocations.current();
      float[] last = runtime.forward(prompt, 0, CHUNK, positions, Map.of(), cache, null);
      long allocated = ThreadAllocations.current() - before;

      assertEquals(VOCAB, last.length);
      assertEquals(10 + CHUNK - 1, last[0], 0f);
      assertEquals(10 + CHUNK - 1, last[VOCAB - 1], 0f);
      long logitsBytes = (long) CHUNK * VOCAB * Float.BYTES; // 5 MB
      assertTrue(
          "allocated " + allocated + " heap bytes for " + logitsBytes + " bytes of logits",
          allocated < logitsBytes / 16);
    }
  }

  private Path toyDecoder() throws Exception {
    OnnxGraph g = new OnnxGraph("toy");
    String ids = g.input("input_ids", DataType.INT64, 1, "seq");
    String past = g.input("past_key_values.0.key", DataType.FLOAT, 1, 1, "past", 1);
    String idsFloat = g.op("Cast", ids).attr("to", 1).output();
    String fresh = g.op("Reshape", idsFloat, g.constInt64(1, 1, -1, 1)).output();
    String present = g.op("Concat", past, fresh).attr("axis", 2).output("present.0.key");
    g.output(present, DataType.FLOAT, 1, 1, "total", 1);
    String column = g.op("Reshape", idsFloat, g.constInt64(1, -1, 1)).output();
    String logits = g.op("Expand", column, g.constInt64(1, 1, VOCAB)).output("logits");
    g.output(logits, DataType.FLOAT, 1, "seq", VOCAB);
    Path file = tmp.newFile("toy.onnx").toPath();
    new OnnxModel(g).writeTo(file);
    return file;
  }
}
