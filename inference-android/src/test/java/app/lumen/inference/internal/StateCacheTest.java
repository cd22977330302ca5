package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

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
 * The state cache on a float16 toy decoder whose cache is its inputs: present = past ++ [x, 2x]
 * over two heads, logits = sum over heads and positions = 3 · Σx. Feeding, cutting back and feeding
 * again must give the sums of exactly the rows kept.
 */
public class StateCacheTest {
  private static final int H = 4;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private OrtSession session;
  private DecoderSignature signature;

  @Before
  public void buildToyDecoder() throws Exception {
    Path file = tmp.newFile("toy.onnx").toPath();
    ToyCacheDecoder.write(file, DataType.FLOAT16, H, true);
    session = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    signature = DecoderSignature.of(session, "toy.onnx", 0);
  }

  @After
  public void close() throws Exception {
    session.close();
  }

  @Test
  public void signature_pairsPastWithPresentAndFindsTheSequenceAxis() {
    assertEquals(1, signature.states().size());
    StateSpec spec = signature.states().get(0);
    assertEquals("present.0.key", spec.outputName());
    assertEquals(2, spec.sequenceAxis());
    assertEquals(OnnxJavaType.FLOAT16, spec.type());
    assertEquals(OnnxJavaType.FLOAT16, signature.logitsType());
  }

  @Test
  public void feed_truncate_feed_keepsExactlyTheRowsKept() throws Exception {
    try (StateCache cache = new StateCache(ENV, signature.states())) {
      float[] a = {1, 2, 0.5f, -1};
      float[] b = {0.25f, -2, 3, 1};
      float[] c = {-1, 1, -1, 1};
      assertArrayEquals(times3(sum(a, b)), run(cache, a, b), 0f);
      assertEquals(2, cache.length());
      assertArrayEquals(times3(sum(a, b, c)), run(cache, c), 0f);
      assertEquals(3, cache.length());

      cache.truncate(1);
      assertEquals(1, cache.length());
      float[] d = {2, 2, 2, 2};
      assertArrayEquals(times3(sum(a, d)), run(cache, d), 0f);

      cache.truncate(0);
      assertArrayEquals(times3(b), run(cache, b), 0f);
      assertThrows(IllegalArgumentException.class, () -> cache.truncate(5));
    }
  }

  @Test
  public void closedCache_refusesUse() {
    StateCache cache = new StateCache(ENV, signature.states());
    cache.close();
    assertThrows(IllegalStateException.class, () -> cache.feed(new HashMap<>()));
  }

  /** Runs rows through the toy decoder; returns the logits row (3 · sum of all rows held). */
  private float[] run(StateCache cache, float[]... rows) throws Exception {
    float[] flat = new float[rows.length * H];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * H, H);
    }
    int total = cache.length() + rows.length;
    Map<String, OnnxTensorLike> inputs = new HashMap<>();
    try (OnnxTensor x = OrtTensors.floats(ENV, flat, OnnxJavaType.FLOAT16, 1, rows.length, H);
        OnnxTensor mask = OrtTensors.longs(ENV, new long[total], 1, total)) {
      inputs.put("inputs_embeds", x);
      inputs.put("attention_mask", mask);
      cache.feed(inputs);
      OrtSession.Result result = session.run(inputs);
      float[] logits = OrtTensors.readRow((OnnxTensor) result.get("logits").get(), 0, H);
      cache.advance(result, total);
      return logits;
    }
  }

  private static float[] sum(float[]... rows) {
    float[] out = new float[H];
    for (float[] row : rows) {
      for (int i = 0; i < H; i++) {
        out[i] += row[i];
      }
    }
    return out;
  }

  private static float[] times3(float[] row) {
    float[] out = new float[H];
    for (int i = 0; i < H; i++) {
      out[i] = 3 * row[i];
    }
    return out;
  }
}
