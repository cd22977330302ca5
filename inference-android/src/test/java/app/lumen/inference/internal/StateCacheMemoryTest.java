package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import app.lumen.testkit.onnx.DataType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Cutting a large cache back (regenerate, edit) on a float32 toy decoder whose cache is its inputs
 * over two heads {@code [x, 2x]}; logits are the sum over heads and positions. The cut must keep
 * exactly the rows kept and must not pass the cache through the Java heap.
 */
public class StateCacheMemoryTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final int WIDTH = 8192;
  private static final int TOKENS = 128;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private OrtSession session;
  private DecoderSignature signature;

  @Before
  public void buildToyDecoder() throws Exception {
    Path file = tmp.newFile("toy.onnx").toPath();
    ToyCacheDecoder.write(file, DataType.FLOAT, WIDTH, false);
    session = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    signature = DecoderSignature.of(session, "toy.onnx", 0);
  }

  @After
  public void close() throws Exception {
    session.close();
  }

  @Test
  public void truncate_keepsTheRowsWithoutCopyingTheCacheThroughTheHeap() throws Exception {
    try (StateCache cache = new StateCache(ENV, signature.states())) {
      run(cache, TOKENS, 1f); // every row of x is 1: each token adds 3 to every logit
      cache.truncate(TOKENS - 1); // first cut: loads what a cut needs once
      assertEquals(TOKENS - 1, cache.length());

      long before = ThreadAllocations.current();
      cache.truncate(TOKENS / 2);
      long allocated = ThreadAllocations.current() - before;

      long cacheBytes = 2L * (TOKENS - 1) * WIDTH * Float.BYTES; // 8 MB
      assertTrue(
          "allocated " + allocated + " heap bytes to cut a " + cacheBytes + "-byte cache",
          allocated < cacheBytes / 64);
      assertEquals(TOKENS / 2, cache.length());
      float[] logits = run(cache, 1, 2f);
      float[] expected = new float[WIDTH];
      java.util.Arrays.fill(expected, 3f * TOKENS / 2 + 3f * 2);
      assertArrayEquals(expected, logits, 0f);
    }
  }

  /** Runs {@code rows} rows of {@code value}; returns the logits row. */
  private float[] run(StateCache cache, int rows, float value) throws Exception {
    float[] flat = new float[rows * WIDTH];
    java.util.Arrays.fill(flat, value);
    Map<String, OnnxTensorLike> inputs = new HashMap<>();
    try (OnnxTensor x = OrtTensors.floats(ENV, flat, OnnxJavaType.FLOAT, 1, rows, WIDTH)) {
      inputs.put("inputs_embeds", x);
      cache.feed(inputs);
      OrtSession.Result result = session.run(inputs);
      float[] logits = OrtTensors.readRow((OnnxTensor) result.get("logits").get(), 0, WIDTH);
      cache.advance(result, cache.length() + rows);
      return logits;
    }
  }
}
