package app.lumen.vision.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TestImages;
import org.junit.Test;

public class PatchifierTest {
  /** Patch 2, merge 2, 2 frames; rescale 1 and mean 0 / std 1 keep byte values readable. */
  private static final ImageProcessorConfig RAW =
      new ImageProcessorConfig(
          2, 2, 2, 1, 1 << 20, 1.0, new double[] {0, 0, 0}, new double[] {1, 1, 1});

  @Test
  public void rowsFollowMergeWindows_valuesFollowChannelFrameYX() {
    // 8x4 picture, patch 2 -> grid 2 rows x 4 columns of patches, merge windows of 2x2 patches.
    RgbImage image = TestImages.coordinates(8, 4);
    float[] values = Patchifier.patchify(image, RAW);
    int rowLength = 3 * 2 * 2 * 2;
    assertEquals(8 * rowLength, values.length);
    // Expected patch (row, col) per output row: window (0,0): (0,0) (0,1) (1,0) (1,1);
    // window (0,1): (0,2) (0,3) (1,2) (1,3).
    int[][] patchOfRow = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}};
    for (int row = 0; row < 8; row++) {
      int py0 = patchOfRow[row][0] * 2;
      int px0 = patchOfRow[row][1] * 2;
      float[] expected = new float[rowLength];
      int i = 0;
      for (int c = 0; c < 3; c++) {
        for (int t = 0; t < 2; t++) {
          for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
              expected[i++] = image.channel(px0 + x, py0 + y, c);
            }
          }
        }
      }
      float[] actual = new float[rowLength];
      System.arraycopy(values, row * rowLength, actual, 0, rowLength);
      assertArrayEquals("row " + row, expected, actual, 0f);
    }
  }

  @Test
  public void qwen3Layout_handComputedIndices() {
    // 32x32 picture: one merge window of 2x2 patches of 16; index in a row = c*512 + t*256 +
    // y*16 + x; each value is (v/255 - 0.5)/0.5.
    RgbImage image = TestImages.coordinates(32, 32);
    float[] values = Patchifier.patchify(image, ImageProcessorConfig.QWEN3_VL);
    assertEquals(4 * 1536, values.length);
    assertEquals(norm(0), values[0], 1e-7f); // R of (0,0)
    assertEquals(norm(5), values[5], 1e-7f); // R of (5,0)
    assertEquals(norm(5), values[256 + 5], 1e-7f); // second frame repeats the first
    assertEquals(norm(1), values[512 + 16], 1e-7f); // G of (0,1) = y
    assertEquals(norm(16), values[1536], 1e-7f); // row 1: patch (0,1), R of (16,0)
    assertEquals(norm(16), values[2 * 1536 + 512], 1e-7f); // row 2: patch (1,0), G of (0,16)
    assertEquals(norm(16 + 16 + 2), values[3 * 1536 + 1024 + 2], 1e-7f); // row 3: B of (18,16)
  }

  private static float norm(int v) {
    return (float) ((v / 255.0 - 0.5) / 0.5);
  }

  @Test
  public void qwen3Settings_equalTransformersJsProcessorOutput() throws Exception {
    RgbImage image = TestImages.png("scene-64x32.png");
    ImageProcessorConfig config = ImageProcessorConfig.QWEN3_VL.withPixelBounds(1024, 16_777_216);
    float[] expected = TestImages.float32("tjs-qwen3_vl-scene-64x32.f32");
    assertArrayEquals(expected, Patchifier.patchify(image, config), 1e-6f);
  }

  @Test
  public void qwen2Settings_equalTransformersJsProcessorOutput() throws Exception {
    RgbImage image = TestImages.png("scene-56x28.png");
    ImageProcessorConfig config =
        new ImageProcessorConfig(
            14,
            2,
            2,
            784,
            12_845_056,
            1 / 255.0,
            new double[] {0.48145466, 0.4578275, 0.40821073},
            new double[] {0.26862954, 0.26130258, 0.27577711});
    float[] expected = TestImages.float32("tjs-qwen2_vl-scene-56x28.f32");
    assertEquals(8 * 1176, expected.length);
    assertArrayEquals(expected, Patchifier.patchify(image, config), 1e-5f);
  }
}
