package app.lumen.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.reference.ReferenceVision;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The generated vision graphs (Qwen3-VL and Qwen2-VL style), run by ONNX Runtime, equal the
 * independent Java tower on square, wide, tall and minimal grids (grids change the position
 * interpolation and the rotary angles, which the graph computes from {@code image_grid_thw}).
 */
public class GoldenVisionTest {
  private static final double TOLERANCE = 1e-4;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void qwen3Graph_matchesReference_onSeveralGrids() throws Exception {
    assertGraphMatchesReference(ModelFamily.QWEN3_VL, 1536, "image_grid_thw", 2);
  }

  @Test
  public void qwen2Graph_matchesReference_onSeveralGrids() throws Exception {
    assertGraphMatchesReference(ModelFamily.QWEN2_VL, 1176, "grid_thw", 0);
  }

  private void assertGraphMatchesReference(
      ModelFamily family, int patchValues, String gridInput, int deepstackLevels) throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 5, family);
    ReferenceVision reference = ReferenceVision.load(dir);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session =
        env.createSession(dir.resolve(TinyPackageGenerator.VISION_GRAPH).toString())) {
      assertEquals(java.util.Set.of("pixel_values", gridInput), session.getInputNames());
      assertEquals(deepstackLevels > 0, session.getOutputNames().contains("deepstack_features"));
      int[][] grids = {{1, 4, 4}, {1, 2, 6}, {1, 8, 2}, {1, 2, 2}, {1, 6, 10}};
      for (int[] grid : grids) {
        int n = grid[0] * grid[1] * grid[2];
        float[] pixels = new float[n * patchValues];
        SplittableRandom random = new SplittableRandom(n * 131L + grid[1]);
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        ReferenceVision.Output expected = reference.encode(pixels, grid[0], grid[1], grid[2]);
        try (OnnxTensor pv =
                OnnxTensor.createTensor(
                    env, FloatBuffer.wrap(pixels), new long[] {n, patchValues});
            OnnxTensor thw =
                OnnxTensor.createTensor(
                    env,
                    LongBuffer.wrap(new long[] {grid[0], grid[1], grid[2]}),
                    new long[] {1, 3});
            OrtSession.Result result = session.run(Map.of("pixel_values", pv, gridInput, thw))) {
          float[][] features = (float[][]) result.get("image_features").orElseThrow().getValue();
          assertEquals(n / 4, features.length);
          assertEquals(64, features[0].length);
          assertClose(expected.features(), features, "features " + grid[1] + "x" + grid[2]);
          assertEquals(deepstackLevels, expected.deepstack().length);
          if (deepstackLevels > 0) {
            float[][][] deepstack =
                (float[][][]) result.get("deepstack_features").orElseThrow().getValue();
            assertEquals(deepstackLevels, deepstack.length);
            for (int k = 0; k < deepstack.length; k++) {
              assertClose(expected.deepstack()[k], deepstack[k], "deepstack " + k);
            }
          }
        }
      }
    }
  }

  @Test
  public void reference_erf_matchesKnownValues() {
    assertEquals(0.0, app.lumen.testkit.reference.ReferenceVision.erf(0), 1e-15);
    assertEquals(0.5204998778130465, app.lumen.testkit.reference.ReferenceVision.erf(0.5), 1e-13);
    assertEquals(0.9953222650189527, app.lumen.testkit.reference.ReferenceVision.erf(2.0), 1e-13);
    assertEquals(-0.9999779095030014, app.lumen.testkit.reference.ReferenceVision.erf(-3.0), 1e-13);
    assertTrue(app.lumen.testkit.reference.ReferenceVision.erf(6) <= 1.0);
  }

  private static void assertClose(float[][] expected, float[][] actual, String what) {
    assertEquals(what, expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        if (Math.abs(expected[i][j] - actual[i][j]) > TOLERANCE) {
          assertArrayEquals(what + " row " + i, expected[i], actual[i], (float) TOLERANCE);
        }
      }
    }
  }
}
