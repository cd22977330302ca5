package app.lumen.vision.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import app.lumen.vision.RgbImage;
import app.lumen.vision.TestImages;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.Test;

public class PilBicubicResamplerTest {

  @Test
  public void everyCase_equalsPillowBicubicByteForByte() throws Exception {
    JsonObject vectors = TestImages.json("pil-resize.json");
    int cases = 0;
    for (JsonElement element : vectors.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      RgbImage source = TestImages.png(c.get("source").getAsString());
      RgbImage expected = TestImages.png(c.get("expected").getAsString());
      RgbImage actual =
          PilBicubicResampler.resize(source, c.get("width").getAsInt(), c.get("height").getAsInt());
      assertEquals(expected.width(), actual.width());
      assertEquals(expected.height(), actual.height());
      assertArrayEquals(c.toString(), expected.rgb(), actual.rgb());
      cases++;
    }
    assertEquals(14, cases);
  }

  @Test
  public void sameSize_returnsThePixelsUnchanged() throws Exception {
    RgbImage source = TestImages.png("scene-97x61.png");
    assertSame(source, PilBicubicResampler.resize(source, 97, 61));
  }

  @Test
  public void uniformPicture_staysUniformAtAnyScale() {
    byte[] rgb = new byte[50 * 30 * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = 10;
      rgb[i + 1] = (byte) 200;
      rgb[i + 2] = (byte) 255;
    }
    for (int[] size : new int[][] {{17, 9}, {128, 96}, {50, 7}, {3, 30}}) {
      RgbImage out = PilBicubicResampler.resize(new RgbImage(50, 30, rgb), size[0], size[1]);
      for (int i = 0; i < out.rgb().length; i += 3) {
        assertEquals(10, out.rgb()[i] & 0xFF);
        assertEquals(200, out.rgb()[i + 1] & 0xFF);
        assertEquals(255, out.rgb()[i + 2] & 0xFF);
      }
    }
  }
}
